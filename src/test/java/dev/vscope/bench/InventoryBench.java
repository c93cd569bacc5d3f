package dev.vscope.bench;

import dev.vscope.collect.Inventory;
import dev.vscope.collect.InventoryReader;
import dev.vscope.collect.InventoryTracker;
import dev.vscope.sim.Simulator;
import dev.vscope.testing.Sims;
import dev.vscope.vim.VimClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Part {@code inventory}: one full inventory read (paged RetrievePropertiesEx through
 * {@link InventoryReader}), and the same through {@link InventoryTracker}'s first refresh
 * (WaitForUpdatesEx from version "") and its second refresh with nothing changed. Two warm-ups,
 * then five measured runs each; the simulator's own time for the same requests is measured by
 * replaying them.
 */
final class InventoryBench {

  private static final int WARMUPS = 2;
  private static final int RUNS = 5;

  private InventoryBench() {}

  static void run(Report report) throws Exception {
    report.part("inventory");
    long t0 = System.nanoTime();
    try (Simulator sim = Sims.start(Benchmark.SIM_FLAGS)) {
      report.note("simulator started in %.1f s", (System.nanoTime() - t0) / 1e9);
      CallRecorder recorder = new CallRecorder();
      try (VimClient vc = VimClient.login(Sims.endpoint(sim, "bench").withListener(recorder), sim.username(), sim.password())) {
        InventoryReader reader = new InventoryReader(vc, 1000, Clock.systemUTC());
        for (int i = 0; i < WARMUPS; i++) {
          Inventory inv = reader.read();
          if (i == 0) {
            report.note("inventory: %s", describe(inv));
          }
        }
        List<Measure.Run> reads = new ArrayList<>();
        List<CallRecorder.Call> readCalls = List.of();
        for (int i = 0; i < RUNS; i++) {
          recorder.start();
          Measure.Result<Inventory> r = Measure.run(reader::read, true);
          readCalls = recorder.stop();
          reads.add(r.run());
        }
        report.note("InventoryReader.read calls: %s", CallRecorder.summary(readCalls));

        // InventoryTracker: a new tracker per run, so each first refresh is a full read
        for (int i = 0; i < WARMUPS; i++) {
          InventoryTracker t = new InventoryTracker(vc, Clock.systemUTC(), 1000);
          t.refresh();
          t.refresh();
          t.close();
        }
        List<Measure.Run> firsts = new ArrayList<>();
        List<Measure.Run> seconds = new ArrayList<>();
        List<CallRecorder.Call> firstCalls = List.of();
        List<CallRecorder.Call> secondCalls = List.of();
        for (int i = 0; i < RUNS; i++) {
          InventoryTracker t = new InventoryTracker(vc, Clock.systemUTC(), 1000);
          recorder.start();
          firsts.add(Measure.run(t::refresh, true).run());
          firstCalls = recorder.stop();
          recorder.start();
          seconds.add(Measure.run(t::refresh, false).run());
          secondCalls = recorder.stop();
          t.close();
        }
        report.note("tracker first refresh calls: %s", CallRecorder.summary(firstCalls));
        report.note("tracker second refresh calls: %s", CallRecorder.summary(secondCalls));

        // the floor: the simulator answering the same requests, nothing parsed
        List<Double> readFloor = new ArrayList<>();
        List<Double> firstFloor = new ArrayList<>();
        List<Double> secondFloor = new ArrayList<>();
        try (ReplaySession s = ReplaySession.open(sim, vc.serviceContent().sessionManager(), 1)) {
          s.login(sim.username(), sim.password());
          s.replay(readCalls);
          for (int i = 0; i < RUNS; i++) {
            s.forgetRenames();
            s.resetCounters();
            readFloor.add(s.replay(readCalls) / 1e6);
            check(report, s, readCalls, "read");
          }
        }
        for (int i = 0; i < RUNS; i++) {
          // filters accumulate in a session: a fresh one per run, as a new tracker has
          try (ReplaySession s = ReplaySession.open(sim, vc.serviceContent().sessionManager(), 1)) {
            s.login(sim.username(), sim.password());
            firstFloor.add(s.replay(firstCalls) / 1e6);
            check(report, s, firstCalls, "tracker first refresh");
            s.resetCounters();
            secondFloor.add(s.replay(secondCalls) / 1e6);
            check(report, s, secondCalls, "tracker second refresh");
          }
        }

        report.runs("InventoryReader.read", reads);
        report.runs("InventoryTracker first refresh", firsts);
        report.runs("InventoryTracker second refresh (no changes)", seconds);
        report.note("replay floors (ms): read %s; first refresh %s; second refresh %s",
            Report.join(readFloor), Report.join(firstFloor), Report.join(secondFloor));

        double readWall = Measure.medianOf(reads, Measure.Run::wallMs);
        double readPeak = Measure.medianOf(reads, r -> r.peakHeapBytes());
        double maxHeap = Measure.maxHeapBytes();
        report.table();
        report.row("full read (InventoryReader), median wall", Measure.ms(readWall), "< 2 s", readWall < 2_000);
        report.row("full read, process CPU (median)", Measure.ms(Measure.medianOf(reads, Measure.Run::cpuMs)), "", null);
        report.row("full read, simulator CPU (median)", Measure.ms(Measure.medianOf(reads, Measure.Run::simCpuMs)), "", null);
        report.row("full read, peak heap (median of sums of pool peaks)", Measure.mb(readPeak),
            "fits " + Measure.mb(maxHeap) + " max heap", readPeak <= maxHeap);
        report.row("full read, heap live after (inventory held)", Measure.mb(Measure.medianOf(reads, r -> r.liveHeapAfterBytes())), "", null);
        report.row("full read, simulator floor (replay, median)", Measure.ms(Measure.median(readFloor)), "", null);
        report.row("full read / floor", ratio(readWall, Measure.median(readFloor)), "", null);
        double firstWall = Measure.medianOf(firsts, Measure.Run::wallMs);
        report.row("tracker first refresh (WaitForUpdatesEx), median wall", Measure.ms(firstWall), "< 2 s", firstWall < 2_000);
        report.row("tracker first refresh, process CPU", Measure.ms(Measure.medianOf(firsts, Measure.Run::cpuMs)), "", null);
        report.row("tracker first refresh, peak heap", Measure.mb(Measure.medianOf(firsts, r -> r.peakHeapBytes())), "", null);
        report.row("tracker first refresh, simulator floor", Measure.ms(Measure.median(firstFloor)), "", null);
        double secondWall = Measure.medianOf(seconds, Measure.Run::wallMs);
        report.row("tracker second refresh (nothing changed), median wall", Measure.ms(secondWall), "", null);
        report.row("tracker second refresh, process CPU", Measure.ms(Measure.medianOf(seconds, Measure.Run::cpuMs)), "", null);
        report.row("tracker second refresh, simulator floor", Measure.ms(Measure.median(secondFloor)), "", null);
        report.endTable();
      }
    }
  }

  static String describe(Inventory inv) {
    int hosts = 0;
    int vms = 0;
    int ds = 0;
    for (Inventory.Datacenter dc : inv.datacenters()) {
      hosts += dc.hosts().size();
      vms += dc.vms().size();
      ds += dc.datastores().size();
    }
    return String.format(Locale.ROOT, "%d datacenter(s), %d hosts, %,d VMs, %d datastores", inv.datacenters().size(), hosts, vms, ds);
  }

  static String ratio(double a, double b) {
    return b <= 0 ? "n/a" : String.format(Locale.ROOT, "%.2f×", a / b);
  }

  /** Warns when the replay met faults the recording did not: then it did not replay the same work. */
  static void check(Report report, ReplaySession s, List<CallRecorder.Call> calls, String what) {
    long recordedFailures = calls.stream().filter(CallRecorder.Call::failed).count();
    if (s.faults() > recordedFailures) {
      report.note("WARNING: replay of %s met %d faults (recording: %d); the floor is not comparable", what, s.faults(), recordedFailures);
    }
  }
}
