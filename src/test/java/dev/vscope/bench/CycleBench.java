package dev.vscope.bench;

import dev.vscope.Application;
import dev.vscope.collect.Inventory;
import dev.vscope.collect.VcenterCollector;
import dev.vscope.collect.VcenterSnapshot;
import dev.vscope.collect.Vcenters;
import dev.vscope.config.AuthConfig;
import dev.vscope.config.ServerConfig;
import dev.vscope.config.StorageConfig;
import dev.vscope.config.VscopeConfig;
import dev.vscope.config.CollectorConfig;
import dev.vscope.config.VcenterConfig;
import dev.vscope.sim.Simulator;
import dev.vscope.store.embedded.EmbeddedHistoryStore;
import dev.vscope.store.Series;
import dev.vscope.store.TimeRange;
import dev.vscope.testing.Sims;
import dev.vscope.vim.VimClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Part {@code cycle}: {@link VcenterCollector} cycles against the simulator with a real store. The
 * first cycle connects and backfills the hour ESXi keeps; then, five times (a whole flush interval of the store), the simulator's clock
 * (and the benchmark's) moves on by one collection interval and a steady-state cycle runs, which
 * asks for one interval of samples as in production. Each cycle's requests are recorded and
 * replayed right after it in a session of the replay's own (see {@link ReplaySession}): that is
 * the floor, the simulator's time for the same work.
 */
final class CycleBench {

  private static final int STEADY = 5;
  private static final int READS = 1_000;

  private CycleBench() {}

  /** One measured cycle. */
  record CycleRun(long startMillis, Measure.Run run, List<CallRecorder.Call> calls, long storeBytesDelta, long storeFilesDelta, long wcharDelta,
      long dirtiedDelta, double storeWriteMs, double storeLookupMs, long metricsWritten, long samplesWritten, boolean ok, String status) {

    /** The cycle's wall time less what it spent in the store. */
    double wallMsOf() {
      return run.wallMs();
    }
  }

  static void run(Report report) throws Exception {
    report.part("cycle");
    long t0 = System.nanoTime();
    try (Simulator sim = Sims.start(Benchmark.SIM_FLAGS)) {
      report.note("simulator started in %.1f s", (System.nanoTime() - t0) / 1e9);
      VcenterConfig config = Sims.config(sim, "bench");
      CollectorConfig collectorConfig = CollectorConfig.defaults();
      CallRecorder recorder = new CallRecorder();
      AtomicReference<VimClient> client = new AtomicReference<>();
      Function<VcenterConfig, VimClient> connector = c -> {
        VimClient vc = Vcenters.login(c, recorder);
        client.set(vc);
        return vc;
      };
      Path dir = Files.createTempDirectory("vscope-bench-store");
      OffsetClock clock = new OffsetClock();
      long interval = collectorConfig.interval().toSeconds();
      // without its maintenance thread: the benchmark does that work itself right after each cycle,
      // so that it is timed apart and does not overlap the replay
      EmbeddedHistoryStore store = EmbeddedHistoryStore.open(dir, clock, false);
      TimedStore timed = new TimedStore(store);
      VscopeConfig vscope = new VscopeConfig(List.of(config), collectorConfig, new ServerConfig("127.0.0.1", 0, null, null, null, true, null),
          new StorageConfig(dir, null, null, null), null, new AuthConfig(false, null, null, null), null, null, null);
      Application app = Application.builder(vscope).clock(clock).store(timed).connector(connector).collectOnDemand().start();
      VcenterCollector collector = app.collectors().get(0);
      try {
        CycleRun first = cycle(collector, recorder, timed, dir, () -> {});
        report.note("first cycle: %s", describe(first));
        if (!first.ok()) {
          report.note("the first cycle failed: no further figures");
          return;
        }
        report.note("first cycle calls (client time incl. parsing): %s", CallRecorder.summary(first.calls()));
        report.note("inventory: %s", InventoryBench.describe(collector.snapshot().inventory()));
        report.note("store after the first cycle: %,d files, %,d bytes", Measure.treeFiles(dir), Measure.treeBytes(dir));

        double firstFloor;
        List<Double> floors = new ArrayList<>();
        List<CycleRun> steady = new ArrayList<>();
        List<double[]> flushes = new ArrayList<>();
        try (ReplaySession replay = ReplaySession.open(sim, client.get().serviceContent().sessionManager(), collectorConfig.concurrency())) {
          long f0 = System.nanoTime();
          replay.login(sim.username(), sim.password());
          long login = System.nanoTime() - f0;
          firstFloor = (login + replay.replay(first.calls())) / 1e6;
          InventoryBench.check(report, replay, first.calls(), "the first cycle");
          report.note("first cycle replayed in %s: %,d bytes answered; %s", Measure.ms(firstFloor), replay.bytesReceived(), replay.summary());

          // Steady state as in production: cycles start one interval apart in real time (so the page
          // cache has written back what the previous cycle dirtied, as it has in production), and the
          // simulator's "now" moves on by one interval between two cycles' CurrentTime (to the
          // second: the offset is in whole seconds), however long the first cycle and the replays took.
          // The replay runs at the same simulator time as its cycle.
          long simNow = CallRecorder.endMillis(first.calls(), "CurrentTime");
          long[] lead = {300};
          long previousStart = first.startMillis();
          for (int k = 1; k <= STEADY; k++) {
            long pause = previousStart + interval * 1000 - System.currentTimeMillis();
            if (pause > 0) {
              Thread.sleep(pause);
            }
            long[] offset = {0};
            long target = simNow + interval * 1000;
            CycleRun r = cycle(collector, recorder, timed, dir, () -> {
              offset[0] = Math.round((target - System.currentTimeMillis() - lead[0]) / 1000.0);
              setOffset(sim, clock, offset[0]);
            });
            previousStart = r.startMillis();
            long currentTime = CallRecorder.endMillis(r.calls(), "CurrentTime");
            lead[0] = currentTime - r.startMillis();
            long cycleSimNow = currentTime + offset[0] * 1000;
            steady.add(r);
            report.note("steady cycle %d (simulator clock +%.1f s since the previous cycle): %s", k, (cycleSimNow - simNow) / 1000.0, describe(r));
            // what the store's maintenance thread does once the cycle is over
            long flushStart = System.nanoTime();
            long fCpu0 = Measure.processCpuNanos();
            long fWchar0 = Measure.procIo("wchar");
            int flushed = store.maintain();
            double flushMs = (System.nanoTime() - flushStart) / 1e6;
            flushes.add(new double[] {flushMs, (Measure.processCpuNanos() - fCpu0) / 1e6, Measure.procIo("wchar") - fWchar0, flushed});
            report.note("  then the store's maintenance: %d rollup rows written in %s (process CPU %s, %,d B passed to write())", flushed,
                Measure.ms(flushMs), Measure.ms(flushes.get(flushes.size() - 1)[1]), (long) flushes.get(flushes.size() - 1)[2]);
            report.note("  calls (client time incl. parsing): %s", CallRecorder.summary(r.calls()));
            simNow = cycleSimNow;
            setOffset(sim, clock, Math.round((simNow - System.currentTimeMillis() - lead[0]) / 1000.0));
            replay.resetCounters();
            double floor = replay.replay(r.calls()) / 1e6;
            floors.add(floor);
            InventoryBench.check(report, replay, r.calls(), "steady cycle " + k);
            report.note("  replayed in %s (%.2f× faster than the cycle): %,d bytes answered; %s", Measure.ms(floor),
                r.run().wallMs() / floor, replay.bytesReceived(), replay.summary());
          }
        }

        // one entity's year of one metric, as the graphs read it
        VcenterSnapshot snap = collector.snapshot();
        Inventory.Host host = snap.inventory().datacenters().get(0).hosts().get(0);
        for (int i = 0; i < 50; i++) {
          store.read(host.id(), "cpu.usage", TimeRange.YEAR, clock.instant());
        }
        double[] reads = new double[READS];
        int points = 0;
        for (int i = 0; i < READS; i++) {
          long r0 = System.nanoTime();
          Series s = store.read(host.id(), "cpu.usage", TimeRange.YEAR, clock.instant());
          reads[i] = (System.nanoTime() - r0) / 1e6;
          points = s.points().size();
        }
        report.note("year of cpu.usage of %s: %d points, median %.3f ms, p99 %.3f ms", host.id(), points, Measure.median(reads),
            Measure.percentile(reads, 99));

        List<Measure.Run> steadyRuns = steady.stream().map(CycleRun::run).toList();
        report.runs("steady cycles", steadyRuns);
        double steadyWall = Measure.medianOf(steadyRuns, Measure.Run::wallMs);
        double floor = Measure.median(floors);
        double yearRead = Measure.median(reads);
        report.table();
        report.row("first cycle (connect + full inventory + 1 h backfill), wall", Measure.ms(first.run().wallMs()), "", null);
        report.row("first cycle, process CPU", Measure.ms(first.run().cpuMs()), "", null);
        report.row("first cycle, simulator CPU", Measure.ms(first.run().simCpuMs()), "", null);
        report.row("first cycle, peak heap (sum of pool peaks)", Measure.mb(first.run().peakHeapBytes()), "", null);
        report.row("first cycle, store size delta", String.format(java.util.Locale.ROOT, "%,d B (%,d files)", first.storeBytesDelta(),
            first.storeFilesDelta()), "", null);
        report.row("first cycle, bytes passed to write() (incl. sockets)", String.format(java.util.Locale.ROOT, "%,d B", first.wcharDelta()), "", null);
        report.row("first cycle, time in store writes + look-ups (summed over threads)", Measure.ms(first.storeWriteMs() + first.storeLookupMs()), "", null);
        report.row("first cycle, simulator floor (replay)", Measure.ms(firstFloor), "", null);
        report.row("first cycle / floor", InventoryBench.ratio(first.run().wallMs(), firstFloor), "", null);
        report.row("steady cycle, median wall (of " + STEADY + ")", Measure.ms(steadyWall), "", null);
        report.row("steady cycle, process CPU (median)", Measure.ms(Measure.medianOf(steadyRuns, Measure.Run::cpuMs)), "", null);
        report.row("steady cycle, simulator CPU (median)", Measure.ms(Measure.medianOf(steadyRuns, Measure.Run::simCpuMs)), "", null);
        report.row("steady cycle, peak heap (median)", Measure.mb(Measure.medianOf(steadyRuns, r -> r.peakHeapBytes())), "", null);
        report.row("steady cycle, store size delta (median)", String.format(java.util.Locale.ROOT, "%,.0f B",
            Measure.median(steady.stream().mapToDouble(CycleRun::storeBytesDelta).toArray())), "", null);
        report.row("steady cycle, bytes passed to write() (median, incl. sockets)", String.format(java.util.Locale.ROOT, "%,.0f B",
            Measure.median(steady.stream().mapToDouble(CycleRun::wcharDelta).toArray())), "", null);
        report.row("steady cycle, time in store writes (median; summed over the query threads, overlapping vCenter's answers)", Measure.ms(Measure.median(steady.stream().mapToDouble(CycleRun::storeWriteMs).toArray())),
            "", null);
        report.row("steady cycle, then the store's flusher between cycles: median wall / process CPU / bytes written",
            Measure.ms(Measure.median(flushes.stream().mapToDouble(f -> f[0]).toArray())) + " / "
                + Measure.ms(Measure.median(flushes.stream().mapToDouble(f -> f[1]).toArray())) + " / "
                + String.format(java.util.Locale.ROOT, "%,.0f B", Measure.median(flushes.stream().mapToDouble(f -> f[2]).toArray())), "", null);
        report.row("steady cycle, then the store's flusher: entities' files written, per cycle",
            String.join(", ", flushes.stream().map(f -> String.format(java.util.Locale.ROOT, "%,.0f", f[3])).toList()), "", null);
        report.row("steady cycle, simulator floor (replay, median)", Measure.ms(floor), "", null);
        double ratio = steadyWall / floor;
        report.row("steady cycle / floor (medians)", InventoryBench.ratio(steadyWall, floor), "≤ 1.5×", ratio <= 1.5);
        report.row("steady cycle / floor, per cycle", perCycle(steady, floors, CycleRun::wallMsOf), "", null);
        report.row("year of one metric (store.read, median of " + READS + ")", Measure.ms(yearRead), "< 5 ms", yearRead < 5);
        report.endTable();
      } finally {
        closeWithin(app, 30);
        store.close(); // already closed, unless the application's close got stuck
        Measure.deleteTree(dir);
      }
    }
  }

  /**
   * Closes the application (its collector logs out) but gives up after a while: when an
   * OutOfMemoryError has killed the HTTP client's selector thread, its calls never return, request
   * timeout or not.
   */
  private static void closeWithin(Application app, int seconds) throws InterruptedException {
    Thread t = new Thread(() -> {
      try {
        app.close();
      } catch (java.io.IOException e) {
        System.out.println("  closing the store failed: " + e);
      }
    }, "close-collector");
    t.setDaemon(true);
    t.start();
    t.join(seconds * 1000L);
    if (t.isAlive()) {
      System.out.println("  the collector did not close within " + seconds + " s (its HTTP client is stuck); going on without");
    }
  }

  static void setOffset(Simulator sim, OffsetClock clock, long seconds) throws java.io.IOException {
    sim.control("{\"clockOffsetSeconds\": " + seconds + "}");
    clock.offsetSeconds = seconds;
  }

  private static String perCycle(List<CycleRun> runs, List<Double> floors, java.util.function.ToDoubleFunction<CycleRun> f) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < runs.size(); i++) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(InventoryBench.ratio(f.applyAsDouble(runs.get(i)), floors.get(i)));
    }
    return b.toString();
  }

  private static CycleRun cycle(VcenterCollector collector, CallRecorder recorder, TimedStore timed, Path dir, Measure.Prepare justBefore)
      throws Exception {
    timed.reset();
    long bytes0 = Measure.treeBytes(dir);
    long files0 = Measure.treeFiles(dir);
    long[] start = new long[3];
    Measure.Result<Boolean> r = Measure.run(collector::cycle, true, () -> {
      justBefore.run();
      start[0] = Measure.procIo("wchar");
      start[1] = Measure.procIo("write_bytes");
      recorder.start();
      start[2] = System.currentTimeMillis();
    });
    long wchar0 = start[0];
    long dirtied0 = start[1];
    List<CallRecorder.Call> calls = recorder.stop();
    long wchar = Measure.procIo("wchar") - wchar0;
    long dirtied = Measure.procIo("write_bytes") - dirtied0;
    VcenterSnapshot snap = collector.snapshot();
    String status = snap.status().state().jsonName() + (snap.status().error() == null ? "" : ": " + snap.status().error())
        + ", " + snap.latest().size() + " entities with values, " + snap.status().skipped().size() + " skipped";
    return new CycleRun(start[2], r.run(), calls, Measure.treeBytes(dir) - bytes0, Measure.treeFiles(dir) - files0, wchar, dirtied,
        timed.writeNanos.get() / 1e6, timed.lookupNanos.get() / 1e6, timed.metricsWritten.get(), timed.samplesWritten.get(),
        Boolean.TRUE.equals(r.value()), status);
  }

  private static String describe(CycleRun r) {
    return String.format(java.util.Locale.ROOT,
        "%s; wall %s, process CPU %s, simulator CPU %s, peak heap %s, live after %s, store +%,d B (+%,d files), write() %,d B, "
            + "newly dirtied %,d B, %d calls; store.write %s for %,d metrics / %,d samples, store.lastTimestamp %s",
        r.ok() ? r.status() : "FAILED " + r.status(), Measure.ms(r.run().wallMs()), Measure.ms(r.run().cpuMs()), Measure.ms(r.run().simCpuMs()),
        Measure.mb(r.run().peakHeapBytes()), Measure.mb(r.run().liveHeapAfterBytes()), r.storeBytesDelta(), r.storeFilesDelta(),
        r.wcharDelta(), r.dirtiedDelta(), r.calls().size(), Measure.ms(r.storeWriteMs()), r.metricsWritten(), r.samplesWritten(),
        Measure.ms(r.storeLookupMs()));
  }

  /** The system clock moved on by whole collection intervals, as the simulator's is. */
  static final class OffsetClock extends Clock {
    volatile long offsetSeconds;

    @Override
    public Instant instant() {
      return Instant.now().plusSeconds(offsetSeconds);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
