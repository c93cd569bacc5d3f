package dev.vscope.testing;

import dev.vscope.WebStack;
import dev.vscope.collect.SnapshotSource;
import dev.vscope.collect.VcenterCollector;
import dev.vscope.collect.VcenterSnapshot;
import dev.vscope.collect.Vcenters;
import dev.vscope.config.AuthConfig;
import dev.vscope.config.CollectorConfig;
import dev.vscope.config.MetricsConfig;
import dev.vscope.config.ServerConfig;
import dev.vscope.config.StorageConfig;
import dev.vscope.config.VscopeConfig;
import dev.vscope.sim.Simulator;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.embedded.EmbeddedHistoryStore;
import dev.vscope.telemetry.CountingHistoryStore;
import dev.vscope.telemetry.EntityMetrics;
import dev.vscope.telemetry.Telemetry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import dev.vscope.web.SessionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.List;

/**
 * vscope as the tests see it: a simulator, a real history store in a temp dir, a collector and the
 * real web stack on a free port, wired as {@code Server} wires them. Collection runs when the test
 * says ({@link #collectNow()}), not on a timer, so tests are deterministic.
 */
public final class TestApp implements AutoCloseable {

  /** The bearer token of {@code /metrics}. */
  public static final String METRICS_TOKEN = "test-metrics-token-0123456789";

  private final Simulator sim;
  private final Path dir;
  private final HistoryStore store;
  private final VcenterCollector collector;
  private final WebStack web;
  private final Telemetry telemetry;

  private TestApp(Simulator sim, Path dir, HistoryStore store, VcenterCollector collector, WebStack web, Telemetry telemetry) {
    this.telemetry = telemetry;
    this.sim = sim;
    this.dir = dir;
    this.store = store;
    this.collector = collector;
    this.web = web;
  }

  /** Plain HTTP, no login: for tests of the API and pages themselves. Runs one collection cycle. */
  public static TestApp start(String... simulatorFlags) throws IOException {
    return start(false, Clock.systemUTC(), simulatorFlags);
  }

  /** HTTPS with a self-signed certificate and login against the simulator, as vscope runs by default. */
  public static TestApp startWithLogin(Clock clock, String... simulatorFlags) throws IOException {
    return start(true, clock, simulatorFlags);
  }

  private static TestApp start(boolean secure, Clock clock, String... simulatorFlags) throws IOException {
    Simulator sim = Sims.start(simulatorFlags);
    Path dir = Files.createTempDirectory("vscope-test");
    VscopeConfig config = new VscopeConfig(
        List.of(Sims.config(sim, "sim")),
        CollectorConfig.defaults(),
        new ServerConfig("127.0.0.1", 0, null, null, null, !secure),
        new StorageConfig(dir, null, null, null),
        null,
        new AuthConfig(secure, null, null, null),
        new MetricsConfig(METRICS_TOKEN, null));
    PrometheusRegistry registry = new PrometheusRegistry();
    Telemetry telemetry = new Telemetry(registry);
    EmbeddedHistoryStore rrd = EmbeddedHistoryStore.open(dir, clock);
    telemetry.watch(rrd, registry);
    HistoryStore store = new CountingHistoryStore(rrd, telemetry);
    VcenterCollector collector = new VcenterCollector(config.vcenters().get(0), config.collector(), store, clock,
        c -> Vcenters.login(c, telemetry.calls(c.name())));
    SnapshotSource source = () -> List.of(collector.snapshot());
    registry.register(new EntityMetrics(source));
    WebStack web;
    try {
      web = WebStack.start(config, source, store, clock, registry);
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
    TestApp app = new TestApp(sim, dir, store, collector, web, telemetry);
    app.collectNow();
    return app;
  }

  /** {@code http://127.0.0.1:PORT} or {@code https://...} with login. */
  public String baseUrl() {
    return web.url();
  }

  public Simulator simulator() {
    return sim;
  }

  public HistoryStore store() {
    return store;
  }

  public SessionStore sessions() {
    return web.sessions();
  }

  /** The directory holding the store and the self-signed certificate. */
  public Path dataDir() {
    return dir;
  }

  /** Runs a collection cycle now, told to telemetry as the scheduler does; returns whether it succeeded. */
  public boolean collectNow() {
    long start = System.nanoTime();
    boolean ok = collector.cycle();
    telemetry.cycle(collector.snapshot(), System.nanoTime() - start);
    return ok;
  }

  public VcenterSnapshot snapshot() {
    return collector.snapshot();
  }

  @Override
  public void close() throws IOException {
    web.close();
    collector.close();
    store.close();
    sim.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
