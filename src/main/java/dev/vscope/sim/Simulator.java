package dev.vscope.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.vim.VcenterTls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * A running vCenter simulator: govmomi's {@code simulator} package (written by VMware, the
 * reference implementation of vim25 outside vCenter) behind the small launcher in {@code sim/}.
 * The demo mode and the integration tests start it on a free loopback port.
 *
 * <p>Besides vim25 it serves {@code /vscope/model}, its own inventory as JSON, {@code
 * /vscope/events}, the events it posted, and {@code /vscope/control}, which injects faults
 * (delays, lost sessions, outages, hostile answers, page limits ignored, the events refused),
 * changes the inventory and posts events as named users.
 */
public final class Simulator implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final URI url;
  private final String thumbprint;
  private final String certPem;
  private final String username;
  private final String password;
  private final URI control;
  private final HttpClient http;

  private Simulator(Process process, JsonNode hello) {
    this.process = process;
    this.url = URI.create(hello.path("url").asText());
    this.thumbprint = hello.path("thumbprint").asText();
    this.certPem = hello.path("certPem").asText();
    this.username = hello.path("username").asText();
    this.password = hello.path("password").asText();
    this.control = URI.create(hello.path("control").asText());
    this.http = HttpClient.newBuilder().sslContext(VcenterTls.context(thumbprint, null, false)).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * Starts the launcher binary with the given flags ({@code -cluster 2 -host 3 ...}) and waits for
   * it to say where it listens.
   */
  public static Simulator start(Path binary, List<String> flags) throws IOException {
    if (!Files.isExecutable(binary)) {
      throw new IOException("vCenter simulator not found at " + binary + " (it is built by `mvn package`)");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(binary.toString());
    cmd.add("-listen");
    cmd.add("127.0.0.1:0");
    cmd.addAll(flags);
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return null;
      }
    });
    String hello;
    // 40,000 VMs take a minute to make on an idle machine, several on a loaded one
    int startSeconds = Integer.getInteger("vscope.sim.startSeconds", 120);
    try {
      hello = line.get(startSeconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while the simulator started", e);
    } catch (ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      throw new IOException("the simulator did not start within " + startSeconds + " s (system property vscope.sim.startSeconds)", e);
    }
    if (hello == null) {
      p.destroyForcibly();
      throw new IOException("the simulator exited before it started (see its output above)");
    }
    return new Simulator(p, JSON.readTree(hello));
  }

  public URI url() {
    return url;
  }

  /** SHA-256 thumbprint of the simulator's certificate, to pin it. */
  public String thumbprint() {
    return thumbprint;
  }

  public String certPem() {
    return certPem;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  public SSLContext tls() {
    return VcenterTls.context(thumbprint, null, false);
  }

  /** The simulator's own inventory, as the launcher reads it from govmomi's objects. */
  public JsonNode model() throws IOException {
    return JSON.readTree(request(HttpRequest.newBuilder(control.resolve(control.getPath() + "/model")).GET()));
  }

  /** The inventory as one of the users set with the {@code users} control may see it. */
  public JsonNode model(String user) throws IOException {
    String q = java.net.URLEncoder.encode(user, java.nio.charset.StandardCharsets.UTF_8);
    return JSON.readTree(request(HttpRequest.newBuilder(control.resolve(control.getPath() + "/model?user=" + q)).GET()));
  }

  /**
   * The events posted since the simulator started, oldest first, and how many event collectors
   * its clients hold open ({@code {"collectors": N, "events": [...]}}).
   */
  public JsonNode events() throws IOException {
    return JSON.readTree(request(HttpRequest.newBuilder(control.resolve(control.getPath() + "/events")).GET()));
  }

  /** Sends a control command, e.g. {@code {"delayMs": 2000}}; returns the answer. */
  public JsonNode control(String json) throws IOException {
    return JSON.readTree(
        request(HttpRequest.newBuilder(control.resolve(control.getPath() + "/control"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))));
  }

  private String request(HttpRequest.Builder b) throws IOException {
    try {
      HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException("simulator answered " + r.statusCode() + ": " + r.body());
      }
      return r.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
