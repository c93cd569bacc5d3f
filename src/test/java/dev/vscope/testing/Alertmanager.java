package dev.vscope.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Prometheus Alertmanager on a loopback port, without clustering, routing every alert at
 * once (1 s group wait and interval) to a webhook with resolved notifications on: what it tells
 * the webhook is how a test sees it resolve an alert.
 */
public final class Alertmanager implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");

  private final Process process;
  private final int port;

  private Alertmanager(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts it in {@code dir}, notifying {@code webhook} (a URL) of what it routes. */
  public static Alertmanager start(Path dir, String webhook) throws Exception {
    int port = VscopeProcess.freePort();
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(config, """
        route:
          receiver: test
          group_by: [alertname]
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: test
            webhook_configs:
              - url: %s
                send_resolved: true
        """.formatted(webhook));
    Process p = new ProcessBuilder(BINARY.toString(), "--config.file=" + config, "--storage.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=", "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
    Alertmanager am = new Alertmanager(p, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("Alertmanager exited: " + Files.readString(dir.resolve("alertmanager.log")));
      }
      try {
        if (HTTP.send(HttpRequest.newBuilder(URI.create(am.url() + "/-/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return am;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    am.close();
    throw new IOException("Alertmanager not ready in 30 s: " + Files.readString(dir.resolve("alertmanager.log")));
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** {@code GET /api/v2/alerts}: the alerts it holds as active (not resolved). */
  public JsonNode alerts() throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/api/v2/alerts")).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET /api/v2/alerts: " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
