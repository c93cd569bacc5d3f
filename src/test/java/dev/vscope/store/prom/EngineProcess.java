package dev.vscope.store.prom;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A real engine for the integration tests and the benchmark ({@code dev.vscope.bench.PromBench}),
 * on a loopback port with its data in a directory of the caller; it can be stopped and started
 * again on the same data and port, as an outage. By default Debian's Prometheus ({@code
 * /usr/bin/prometheus}, installed by {@code scripts/install-deps --test}) with its remote-write
 * receiver on; {@code -Dvscope.engine=victoria-metrics} runs Debian's VictoriaMetrics instead
 * ({@code apt-get install victoria-metrics}).
 */
public final class EngineProcess implements AutoCloseable {

  /** The engines this class can start. */
  public enum Kind {
    PROMETHEUS("/usr/bin/prometheus", "/-/ready"),
    VICTORIA_METRICS("/usr/bin/victoria-metrics", "/health");

    final Path binary;
    final String readyPath;

    Kind(String binary, String readyPath) {
      this.binary = Path.of(binary);
      this.readyPath = readyPath;
    }

    static Kind fromProperty() {
      String name = System.getProperty("vscope.engine", "prometheus");
      return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** Whether the engine's binary is there. */
    public boolean installed() {
      return Files.isExecutable(binary);
    }

    public Path binary() {
      return binary;
    }
  }

  private final Kind kind;
  private final Path dir;
  private final int port;
  private Process process;

  public EngineProcess(Kind kind, Path dir) throws IOException {
    this.kind = kind;
    this.dir = dir;
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
    Files.createDirectories(dir.resolve("data"));
    // No scrape jobs: the only samples are the ones the test writes.
    Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1m\n");
  }

  public Kind kind() {
    return kind;
  }

  /** The first line of the engine's version output. */
  public String version() throws IOException, InterruptedException {
    requireBinary();
    String flag = kind == Kind.PROMETHEUS ? "--version" : "-version";
    Process p = new ProcessBuilder(kind.binary.toString(), flag).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return kind + " " + out.lines().filter(l -> !l.isBlank()).findFirst().orElse("?");
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + port);
  }

  URI writeUrl() {
    return base().resolve("/api/v1/write");
  }

  private List<String> command() {
    return switch (kind) {
      case PROMETHEUS ->
          List.of(
              kind.binary.toString(),
              "--config.file=" + dir.resolve("prometheus.yml"),
              "--storage.tsdb.path=" + dir.resolve("data"),
              // vscope's default retention: history backfilled a year back (the benchmark) stays
              "--storage.tsdb.retention.time=400d",
              "--web.listen-address=127.0.0.1:" + port,
              "--web.enable-remote-write-receiver",
              "--log.level=warn");
      case VICTORIA_METRICS ->
          List.of(
              kind.binary.toString(),
              "-httpListenAddr=127.0.0.1:" + port,
              "-storageDataPath=" + dir.resolve("data"),
              "-retentionPeriod=1",
              "-loggerLevel=WARN");
    };
  }

  /** The engine's data directory: blocks put there before {@link #start} are served. */
  public Path dataDir() {
    return dir.resolve("data");
  }

  /** CPU time the running engine has used since it started, 0 when unknown or not running. */
  public long cpuNanos() {
    Process p = process;
    return p == null ? 0 : p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /** Starts the engine and waits until it says it is ready. */
  public void start() throws IOException, InterruptedException {
    requireBinary();
    process =
        new ProcessBuilder(command())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("engine.log").toFile()))
            .start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(kind + " exited with " + process.exitValue() + ": " + log());
      }
      try {
        HttpResponse<Void> r =
            http.send(HttpRequest.newBuilder(base().resolve(kind.readyPath)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(kind + " not ready within 90 s: " + log());
  }

  /**
   * Makes what the engine accepted visible to queries: VictoriaMetrics acknowledges a write before
   * the samples are searchable (it flushes them about every second); Prometheus needs nothing.
   */
  void flush() throws IOException, InterruptedException {
    if (kind == Kind.VICTORIA_METRICS) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      http.send(HttpRequest.newBuilder(base().resolve("/internal/force_flush")).build(), HttpResponse.BodyHandlers.discarding());
    }
  }

  /** Stops the engine (SIGTERM, as a service stop does) and waits for it to exit. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    process = null;
  }

  String log() {
    try {
      return Files.readString(dir.resolve("engine.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private void requireBinary() {
    if (!kind.installed()) {
      throw new IllegalStateException(
          kind.binary + " is missing: install it (bash scripts/install-deps --test installs Prometheus)");
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
