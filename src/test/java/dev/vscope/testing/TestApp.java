package dev.vscope.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import dev.vscope.Application;
import dev.vscope.alert.AlertEngine;
import dev.vscope.config.AlertsConfig;
import dev.vscope.collect.VcenterSnapshot;
import dev.vscope.config.AuthConfig;
import dev.vscope.config.CollectorConfig;
import dev.vscope.config.EventsConfig;
import dev.vscope.config.MetricsConfig;
import dev.vscope.config.ServerConfig;
import dev.vscope.config.StorageConfig;
import dev.vscope.config.VscopeConfig;
import dev.vscope.sim.Simulator;
import dev.vscope.store.HistoryStore;
import dev.vscope.vim.VcenterTls;
import dev.vscope.web.SessionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * vscope as the tests see it: a simulator, and the {@link Application} over it with the embedded
 * store in a temp dir and the real web stack on a free port. Collection runs when the test says
 * ({@link #collectNow()}), not on a timer, so tests are deterministic.
 */
public final class TestApp implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The bearer token of {@code /metrics}. */
  public static final String METRICS_TOKEN = "test-metrics-token-0123456789";

  private final Simulator sim;
  private final Path dir;
  private final VscopeConfig config;
  private final Clock clock;
  private Application app;

  private TestApp(Simulator sim, Path dir, VscopeConfig config, Clock clock, Application app) {
    this.sim = sim;
    this.dir = dir;
    this.config = config;
    this.clock = clock;
    this.app = app;
  }

  /** Plain HTTP, no login: for tests of the API and pages themselves. Runs one collection cycle. */
  public static TestApp start(String... simulatorFlags) throws IOException {
    return start(false, Clock.systemUTC(), null, null, null, simulatorFlags);
  }

  /** Plain HTTP, no login, on the given clock: for answers that depend on the time of the request. */
  public static TestApp start(Clock clock, String... simulatorFlags) throws IOException {
    return start(false, clock, null, null, null, simulatorFlags);
  }

  /** What a test sets on the simulator before vscope's first collection cycle. */
  @FunctionalInterface
  public interface SimulatorSetup {
    void apply(Simulator sim) throws IOException;
  }

  /**
   * Plain HTTP, no login, on the given clock, with {@code setup} applied to the simulator before
   * the first cycle: that cycle backfills up to the last hour, so values pinned later would share
   * the hour with the simulator's random ones.
   */
  public static TestApp start(Clock clock, SimulatorSetup setup, String... simulatorFlags) throws IOException {
    return start(false, clock, null, null, setup, simulatorFlags);
  }

  /** HTTPS with a self-signed certificate and login against the simulator, as vscope runs by default. */
  public static TestApp startWithLogin(Clock clock, String... simulatorFlags) throws IOException {
    return start(true, clock, null, null, null, simulatorFlags);
  }

  /** Plain HTTP, no login, reading vCenter's events as {@code events} says (page sizes, retention). */
  public static TestApp startWithEvents(EventsConfig events, String... simulatorFlags) throws IOException {
    return start(false, Clock.systemUTC(), events, null, null, simulatorFlags);
  }

  /** Plain HTTP, no login, with these alert rules and channels (issue 14). */
  public static TestApp startWithAlerts(Clock clock, AlertsConfig alerts, String... simulatorFlags) throws IOException {
    return start(false, clock, null, alerts, null, simulatorFlags);
  }

  /** HTTPS and login, as {@link #startWithLogin}, with these alert rules and channels. */
  public static TestApp startWithLoginAndAlerts(Clock clock, AlertsConfig alerts, String... simulatorFlags) throws IOException {
    return start(true, clock, null, alerts, null, simulatorFlags);
  }

  private static TestApp start(boolean secure, Clock clock, EventsConfig events, AlertsConfig alerts, SimulatorSetup setup, String... simulatorFlags)
      throws IOException {
    Simulator sim = Sims.start(simulatorFlags);
    if (setup != null) {
      try {
        setup.apply(sim);
      } catch (IOException | RuntimeException e) {
        sim.close();
        throw e;
      }
    }
    Path dir = Files.createTempDirectory("vscope-test");
    VscopeConfig config = new VscopeConfig(
        List.of(Sims.config(sim, "sim")),
        CollectorConfig.defaults(),
        new ServerConfig("127.0.0.1", 0, null, null, null, !secure, null),
        new StorageConfig(dir, null, null, null),
        null,
        new AuthConfig(secure, null, null, null),
        new MetricsConfig(METRICS_TOKEN, null),
        null, events, alerts);
    Application app;
    try {
      app = open(config, clock);
    } catch (IOException | RuntimeException e) {
      sim.close();
      throw e;
    }
    TestApp test = new TestApp(sim, dir, config, clock, app);
    test.collectNow();
    return test;
  }

  private static Application open(VscopeConfig config, Clock clock) throws IOException {
    try {
      return Application.builder(config).clock(clock).collectOnDemand().start();
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  /**
   * Stops vscope and starts it again on the same data directory and simulator, as a restart of the
   * service does, then runs one collection cycle. The server listens on a new port.
   */
  public void restart() throws IOException {
    app.close();
    app = open(config, clock);
    collectNow();
  }

  /** {@code http://127.0.0.1:PORT} or {@code https://...} with login. */
  public String baseUrl() {
    return app.url();
  }

  public Simulator simulator() {
    return sim;
  }

  /** The alerts: rules, alerts, silences, channels. */
  public AlertEngine alerts() {
    return app.alerts();
  }

  public HistoryStore store() {
    return app.store();
  }

  public SessionStore sessions() {
    return app.sessions();
  }

  /** The directory holding the store and the self-signed certificate. */
  public Path dataDir() {
    return dir;
  }

  /**
   * Trusts exactly the self-signed certificate the HTTPS server ({@link #startWithLogin}) made in
   * its data directory, as a reader would pin it.
   */
  public SSLContext serverTls() throws IOException, GeneralSecurityException {
    try (var in = Files.newInputStream(dir.resolve("tls").resolve("vscope-cert.pem"))) {
      String thumbprint = VcenterTls.thumbprint(CertificateFactory.getInstance("X.509").generateCertificate(in));
      return VcenterTls.context(thumbprint, null, false);
    }
  }

  /** Logs in through the API with {@code http} (one that trusts {@link #serverTls}); returns the session cookie. */
  public String login(HttpClient http, String user, String password) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/session"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(java.util.Map.of("username", user, "password", password)))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
  }

  /** GET of a path of the plain-HTTP server ({@link #start}), with optional header name/value pairs. */
  public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The mean of the known points {@code series} returns for an entity, metric and range; null when none is known. */
  public Double seriesMean(String id, String metric, String range) throws IOException, InterruptedException {
    JsonNode s = getJson("/api/v1/series?entity=" + enc(id) + "&metric=" + enc(metric) + "&range=" + range);
    double sum = 0;
    int n = 0;
    for (JsonNode p : s.path("points")) {
      if (!p.get(1).isNull()) {
        sum += p.get(1).asDouble();
        n++;
      }
    }
    return n == 0 ? null : sum / n;
  }

  /** GET of a path that must answer 200 with JSON; the JSON read. */
  public JsonNode getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    return JSON.readTree(r.body());
  }

  /** A query parameter's value, URL-encoded. */
  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Runs a collection cycle now, told to telemetry as the scheduler does; returns whether it succeeded. */
  public boolean collectNow() {
    return app.collectNow();
  }

  public VcenterSnapshot snapshot() {
    return app.snapshots().get(0);
  }

  @Override
  public void close() throws IOException {
    try {
      app.close();
    } finally {
      sim.close();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
