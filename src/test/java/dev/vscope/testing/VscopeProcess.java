package dev.vscope.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.sim.Simulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * vscope as the real process, started from the built jar with a configuration in a directory of its
 * own (plain HTTP, no login, its data in {@code data/}): for what must survive a kill or a restart.
 * Its output goes to {@code vscope.log} in that directory, appended at each start.
 */
public final class VscopeProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path dir;
  private final int port;

  private VscopeProcess(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** Writes {@code dir/vscope.yml}: the simulator as vCenter "sim", on {@code port}, collecting every {@code interval}. */
  public static void configure(Path dir, Simulator sim, int port, String interval) throws IOException {
    Files.writeString(dir.resolve("vscope.yml"), """
        vcenters:
          - name: sim
            url: %s
            username: %s
            password: %s
            thumbprint: "%s"
        collector:
          interval: %s
        server:
          bind: 127.0.0.1
          port: %d
          plainHttp: true
        auth:
          enabled: false
        storage:
          path: %s
        """.formatted(sim.url(), sim.username(), sim.password(), sim.thumbprint(), interval, port, dir.resolve("data")));
  }

  /** Starts vscope with {@code dir/vscope.yml} on the port it names. */
  public static VscopeProcess start(Path dir, int port) throws IOException {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        System.getProperty("vscope.jar", "target/vscope.jar"), "--config", dir.resolve("vscope.yml").toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("vscope.log").toFile())).start();
    return new VscopeProcess(p, dir, port);
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public Path dataDir() {
    return dir.resolve("data");
  }

  public String log() throws IOException {
    return Files.readString(dir.resolve("vscope.log"));
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The JSON answer of a GET, or null when it is not a 200. */
  public JsonNode getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(path);
    return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
  }

  /** Waits until {@code path} answers 200: {@code /readyz} for a first cycle, {@code /healthz} for serving at all. */
  public void awaitOk(String path) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("vscope exited with " + process.exitValue() + ": " + log());
      }
      try {
        if (get(path).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("vscope: no 200 from " + path + ": " + log());
  }

  /** SIGKILL, as a crash. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** SIGTERM, as systemd stops it; waits until it has logged out and closed its files. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("vscope did not stop within 60 s of SIGTERM");
    }
  }

  /** Kills it if it still runs (a test that failed half-way), without waiting. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
