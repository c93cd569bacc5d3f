package dev.vscope.bench;

import dev.vscope.Application;
import dev.vscope.config.AuthConfig;
import dev.vscope.config.ServerConfig;
import dev.vscope.config.StorageConfig;
import dev.vscope.config.VscopeConfig;
import dev.vscope.collect.Inventory;
import dev.vscope.collect.PowerState;
import dev.vscope.collect.VcenterCollector;
import dev.vscope.config.CollectorConfig;
import dev.vscope.config.VcenterConfig;
import dev.vscope.sim.Simulator;
import dev.vscope.store.TimeRange;
import dev.vscope.store.embedded.EmbeddedHistoryStore;
import dev.vscope.testing.Sims;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * vscope at vCenter's maximum: the simulator with 40,000 VMs on 2,000 hosts, the default collector
 * and the embedded store with its maintenance thread, in real time, a cycle a minute as in
 * production, in the JVM's heap as the service file sets it. Prints each cycle's time, the heap
 * after it and the process's RSS; over the steady cycles, the bytes the process made the kernel
 * write per sample stored ({@code write_bytes} of {@code /proc/self/io}); the store's files and
 * size; a year read and the top 20 VMs by CPU ready over an hour, a day and a week.
 *
 * <p>With {@code vcenters} of 4, four simulators of 10,000 VMs each, each collected on its own
 * schedule by its own collector into the one store.
 */
final class ScaleBench {

  private ScaleBench() {}

  static void run(Report report, int minutes, int vcenters) throws Exception {
    report.part(vcenters == 1 ? "scale: one vCenter at its maximum" : "scale: " + vcenters + " vCenters in one vscope");
    int vms = 40_000 / vcenters;
    int clusters = 50 / vcenters;
    String[] flags = {"-dc", "1", "-cluster", String.valueOf(clusters), "-host", "40", "-vm", String.valueOf(vms / clusters), "-standalone-host", "0"};
    List<Simulator> sims = new ArrayList<>();
    Path dir = Files.createTempDirectory("vscope-bench-scale");
    try {
      long t0 = System.nanoTime();
      for (int i = 0; i < vcenters; i++) {
        sims.add(Sims.start(flags));
      }
      report.note("%d simulator(s) of %,d VMs on %,d hosts started in %.1f s", vcenters, vms, clusters * 40, (System.nanoTime() - t0) / 1e9);
      Clock clock = Clock.systemUTC();
      List<VcenterConfig> configs = new ArrayList<>();
      for (int i = 0; i < vcenters; i++) {
        configs.add(Sims.config(sims.get(i), "vc" + i));
      }
      VscopeConfig config = new VscopeConfig(configs, CollectorConfig.defaults(), new ServerConfig("127.0.0.1", 0, null, null, null, true, null),
          new StorageConfig(dir, null, null, null), null, new AuthConfig(false, null, null, null), null, null, null);
      EmbeddedHistoryStore embedded = EmbeddedHistoryStore.open(dir, clock);
      TimedStore store = new TimedStore(embedded);
      // the cycles are run here, each vCenter's in a thread of its own at once, to time them
      try (Application app = Application.builder(config).clock(clock).store(store).collectOnDemand().start()) {
        List<VcenterCollector> collectors = app.collectors();
        long interval = CollectorConfig.defaults().interval().toMillis();
        List<double[]> cycles = new ArrayList<>(); // wall s, heap after MB, rss MB, ok, threads, open files
        long steadyWritten0 = 0;
        long steadySamples0 = 0;
        long start = System.currentTimeMillis();
        int total = minutes + 1;
        for (int k = 0; k < total; k++) {
          long due = start + k * interval;
          long pause = due - System.currentTimeMillis();
          if (pause > 0) {
            Thread.sleep(pause);
          }
          if (k == 2) { // the steady state: after the first cycle's backfill and the next one's catch-up
            steadyWritten0 = Measure.procIo("write_bytes");
            steadySamples0 = store.samplesWritten.get();
          }
          double worst = 0;
          boolean ok = true;
          List<Thread> threads = new ArrayList<>();
          double[] walls = new double[vcenters];
          boolean[] oks = new boolean[vcenters];
          for (int i = 0; i < vcenters; i++) {
            int n = i;
            Thread t = new Thread(() -> {
              long c0 = System.nanoTime();
              oks[n] = app.collectNow(collectors.get(n)); // with what follows a cycle: telemetry, the snapshot saved for the next start
              walls[n] = (System.nanoTime() - c0) / 1e9;
            });
            t.start();
            threads.add(t);
          }
          for (Thread t : threads) {
            t.join();
          }
          for (int i = 0; i < vcenters; i++) {
            worst = Math.max(worst, walls[i]);
            ok &= oks[i];
          }
          double heapAfter = Measure.usedHeapBytes() / 1e6;
          double rss = rssBytes() / 1e6;
          int threadCount = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
          long openFiles = Measure.openFiles();
          cycles.add(new double[] {worst, heapAfter, rss, ok ? 1 : 0, threadCount, openFiles});
          report.note("cycle %d: %s, slowest vCenter %.1f s, heap in use %.0f MB, peak of pools %.0f MB, RSS %.0f MB, %d threads, %d open files, %,d samples stored so far",
              k + 1, ok ? "ok" : "FAILED " + collectors.get(0).snapshot().status().error(), worst, heapAfter, Measure.peakHeapBytes() / 1e6, rss,
              threadCount, openFiles, store.samplesWritten.get());
        }
        long written = Measure.procIo("write_bytes") - steadyWritten0;
        long samples = store.samplesWritten.get() - steadySamples0;
        double[] steadyWalls = cycles.subList(2, cycles.size()).stream().mapToDouble(c -> c[0]).toArray();

        // reads, as the graphs and the Top-N page ask
        Inventory.Datacenter dc = collectors.get(0).snapshot().inventory().datacenters().get(0);
        java.util.Set<String> vmIds = dc.vms().stream().map(Inventory.Vm::id).collect(java.util.stream.Collectors.toUnmodifiableSet());
        List<String> poweredOn = dc.vms().stream().filter(v -> v.powerState() == PowerState.POWERED_ON).map(Inventory.Vm::id).toList();
        Random random = new Random(1);
        double[] years = new double[500];
        for (int i = 0; i < years.length; i++) {
          String id = poweredOn.get(random.nextInt(poweredOn.size()));
          long r0 = System.nanoTime();
          store.read(id, "cpu.usage", TimeRange.YEAR, clock.instant());
          years[i] = (System.nanoTime() - r0) / 1e6;
        }
        double[][] tops = new double[3][9];
        TimeRange[] ranges = {TimeRange.HOUR, TimeRange.DAY, TimeRange.WEEK};
        for (int r = 0; r < ranges.length; r++) {
          for (int i = 0; i < tops[r].length; i++) {
            long r0 = System.nanoTime();
            store.top("cpu.ready", vmIds, ranges[r], Instant.now(), 20);
            tops[r][i] = (System.nanoTime() - r0) / 1e6;
          }
        }
        // the same through the API, as the Top-N and Clusters pages ask
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String dcParam = java.net.URLEncoder.encode(dc.id(), java.nio.charset.StandardCharsets.UTF_8);
        double[] topHourApi = FreshAnswers.times(http, app.url(), "/api/v1/top?metric=cpu.ready&range=hour&scope=" + dcParam + "&limit={}", 20);
        double[] topDayApi = FreshAnswers.times(http, app.url(), "/api/v1/top?metric=cpu.ready&range=day&scope=" + dcParam + "&limit={}", 20);
        double[] topWeekApi = FreshAnswers.times(http, app.url(), "/api/v1/top?metric=cpu.ready&range=week&scope=" + dcParam + "&limit={}", 20);
        double[] clusterList = FreshAnswers.times(http, app.url(), "/api/v1/clusters?datacenter=" + dcParam + "&target={}", 70);
        EmbeddedHistoryStore.Backlog backlog = embedded.backlog();

        report.table();
        report.row("VMs / hosts / vCenters", String.format(Locale.ROOT, "%,d / %,d / %d", vms * vcenters, clusters * 40 * vcenters, vcenters), "", null);
        report.row("first cycle (inventory + 1 h backfill), slowest vCenter", String.format(Locale.ROOT, "%.1f s", cycles.get(0)[0]), "< 60 s", cycles.get(0)[0] < 60);
        report.row("steady cycles, median / max (of " + steadyWalls.length + ")", String.format(Locale.ROOT, "%.1f s / %.1f s", Measure.median(steadyWalls),
            java.util.Arrays.stream(steadyWalls).max().orElse(0)), "< 60 s", java.util.Arrays.stream(steadyWalls).max().orElse(99) < 60);
        report.row("every cycle ok", String.valueOf(cycles.stream().allMatch(c -> c[3] == 1)), "", null);
        report.row("heap in use after a cycle, max", String.format(Locale.ROOT, "%.0f MB (max heap %s)", cycles.stream().mapToDouble(c -> c[1]).max().orElse(0),
            Measure.mb(Measure.maxHeapBytes())), "≤ 1 GiB", Measure.maxHeapBytes() <= (1L << 30));
        report.row("RSS after the last cycle", String.format(Locale.ROOT, "%.0f MB", cycles.get(cycles.size() - 1)[2]), "", null);
        report.row("JVM threads / open files, max after a cycle", String.format(Locale.ROOT, "%.0f / %.0f",
            cycles.stream().mapToDouble(c -> c[4]).max().orElse(0), cycles.stream().mapToDouble(c -> c[5]).max().orElse(0)), "", null);
        report.row("series stored", String.format(Locale.ROOT, "%,d", backlog.series()), "", null);
        report.row("bytes written to disk per sample, steady (" + (total - 2) + " min)", String.format(Locale.ROOT, "%.2f (%,d B for %,d samples)",
            (double) written / samples, written, samples), "≤ 20", (double) written / samples <= 20);
        report.row("store on disk", String.format(Locale.ROOT, "%,d files, %s", Measure.treeFiles(dir), Measure.mb(Measure.treeBytes(dir))), "", null);
        report.row("year of one VM's cpu.usage, median", String.format(Locale.ROOT, "%.3f ms", Measure.median(years)), "< 5 ms", Measure.median(years) < 5);
        report.row("top 20 of " + String.format(Locale.ROOT, "%,d", vmIds.size()) + " VMs by CPU ready, last hour, median", String.format(Locale.ROOT, "%.1f ms",
            Measure.median(tops[0])), "< 100 ms", Measure.median(tops[0]) < 100);
        report.row("same, last day, median", String.format(Locale.ROOT, "%.1f ms", Measure.median(tops[1])), "< 100 ms", Measure.median(tops[1]) < 100);
        report.row("same, last week, median", String.format(Locale.ROOT, "%.1f ms", Measure.median(tops[2])), "< 100 ms", Measure.median(tops[2]) < 100);
        report.row("GET /api/v1/top, same question over HTTP, hour / day / week, uncached, median of " + FreshAnswers.COUNT,
            Measure.ms(Measure.median(topHourApi)) + " / " + Measure.ms(Measure.median(topDayApi)) + " / " + Measure.ms(Measure.median(topWeekApi)), "< 100 ms",
            Math.max(Measure.median(topHourApi), Math.max(Measure.median(topDayApi), Measure.median(topWeekApi))) < 100);
        report.row("GET /api/v1/clusters (" + dc.clusters().size() + " clusters), median of " + FreshAnswers.COUNT, Measure.ms(Measure.median(clusterList)), "", null);
        report.endTable();
      }
    } finally {
      for (Simulator s : sims) {
        s.close();
      }
      Measure.deleteTree(dir);
    }
  }

  private static long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux
    }
    return 0;
  }
}
