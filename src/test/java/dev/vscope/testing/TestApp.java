package dev.vscope.testing;

import dev.vscope.collect.SnapshotSource;
import dev.vscope.collect.VcenterCollector;
import dev.vscope.collect.VcenterSnapshot;
import dev.vscope.collect.Vcenters;
import dev.vscope.config.CollectorConfig;
import dev.vscope.config.ThresholdsConfig;
import dev.vscope.sim.Simulator;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.RrdHistoryStore;
import dev.vscope.web.ApiRoutes;
import dev.vscope.web.Viewer;
import dev.vscope.web.WebServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * vscope as the tests see it: a simulator, a real history store in a temp dir, a collector and a
 * real web server on a free port, wired as {@code Server} wires them. Collection runs when the test
 * says ({@link #collectNow()}), not on a timer, so tests are deterministic.
 */
public final class TestApp implements AutoCloseable {

  private final Simulator sim;
  private final Path dir;
  private final HistoryStore store;
  private final VcenterCollector collector;
  private final WebServer web;

  private TestApp(Simulator sim, Path dir, HistoryStore store, VcenterCollector collector, WebServer web) {
    this.sim = sim;
    this.dir = dir;
    this.store = store;
    this.collector = collector;
    this.web = web;
  }

  /** Starts everything and runs one collection cycle. */
  public static TestApp start(String... simulatorFlags) throws IOException {
    Simulator sim = Sims.start(simulatorFlags);
    Path dir = Files.createTempDirectory("vscope-test");
    Clock clock = Clock.systemUTC();
    HistoryStore store = RrdHistoryStore.open(dir, clock);
    VcenterCollector collector = new VcenterCollector(Sims.config(sim, "sim"), CollectorConfig.defaults(), store, clock, Vcenters::login);
    SnapshotSource source = () -> List.of(collector.snapshot());
    WebServer web = WebServer.start("127.0.0.1", 0, new ApiRoutes(source, store, clock, 60, ThresholdsConfig.defaults(), ctx -> Viewer.ALL));
    TestApp app = new TestApp(sim, dir, store, collector, web);
    app.collectNow();
    return app;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + web.port();
  }

  public Simulator simulator() {
    return sim;
  }

  public HistoryStore store() {
    return store;
  }

  /** Runs a collection cycle now; returns whether it succeeded. */
  public boolean collectNow() {
    return collector.cycle();
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
