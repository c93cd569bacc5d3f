package dev.vscope.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Compares the history stores on the collector's load, in simulated time: {@code vms} VMs × 12
 * metrics + one host per 20 VMs × 20 metrics, 3 samples each (one minute of 20-s samples) per
 * cycle, written by {@code threads} threads as the collector's query threads do, then the store's
 * background work (the embedded store's maintenance, the rrd4j store's flush), then {@code sync},
 * so that every cycle dirties its pages anew as in production, where cycles are 60 s apart and the
 * kernel writes dirty pages out within 30 s. Not a test: {@code scripts/benchmark store} runs it.
 *
 * <pre>
 * java -cp ... dev.vscope.store.StoreBenchmark embedded|rrd [vms] [cycles] [threads]
 * </pre>
 *
 * Prints per cycle the wall time of the writes and of the background work and the bytes the
 * process made the kernel write ({@code write_bytes} of {@code /proc/self/io}), then the steady
 * state's medians and bytes per sample, the store's size on disk, and the median time to read one
 * metric's year and (embedded) to rank the top 20 VMs by CPU ready over an hour and a day.
 */
public final class StoreBenchmark {

  private static final List<String> VM_METRICS =
      List.of(
          "cpu.usage", "cpu.ready", "mem.usage", "net.rx", "net.tx", "disk.read", "disk.write",
          "disk.readIops", "disk.writeIops", "disk.readLatency", "disk.writeLatency", "disk.maxLatency");
  private static final List<String> HOST_METRICS = hostMetrics();
  private static final long T0 = 1_700_006_400L;
  private static final int READS = 1_000;
  private static final int WARM_CYCLES = 5;

  private StoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    String kind = args.length > 0 ? args[0] : "embedded";
    int vms = args.length > 1 ? Integer.parseInt(args[1]) : 5_500;
    int cycles = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    int hosts = Math.max(1, vms / 20);
    Path dir = Files.createTempDirectory("vscope-store-bench");
    dev.vscope.testing.MutableClock clock = new dev.vscope.testing.MutableClock(Instant.ofEpochSecond(T0 + 3_600));
    List<String> entities = new ArrayList<>(vms + hosts);
    for (int i = 0; i < vms; i++) {
      entities.add("bench:vm-" + (1_000 + i));
    }
    for (int i = 0; i < hosts; i++) {
      entities.add("bench:host-" + (10 + i));
    }
    long samplesPerCycle = 3L * (vms * VM_METRICS.size() + hosts * HOST_METRICS.size());
    System.out.printf(Locale.ROOT, "%s store: %,d VMs, %,d hosts, %,d samples per cycle, %d writer threads, %d cores, %s%n",
        kind, vms, hosts, samplesPerCycle, threads, Runtime.getRuntime().availableProcessors(), dir);

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    HistoryStore store;
    Runnable background;
    if (kind.equals("rrd")) {
      RrdHistoryStore rrd = RrdHistoryStore.open(dir, clock, RrdHistoryStore.DEFAULT_FLUSH_INTERVAL, false);
      store = rrd;
      background = rrd::flushDue;
    } else {
      dev.vscope.store.embedded.EmbeddedHistoryStore embedded = dev.vscope.store.embedded.EmbeddedHistoryStore.open(dir, clock, false);
      store = embedded;
      background = Boolean.getBoolean("bench.noMaintenance") ? () -> {} : embedded::maintain;
    }
    List<double[]> steady = new ArrayList<>();
    try {
      for (int cycle = 0; cycle < cycles; cycle++) {
        long first = T0 + 3_600 + 20 + 60L * cycle;
        clock.set(Instant.ofEpochSecond(first + 60));
        long written0 = ioCounter("write_bytes:");
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int offset = t;
          futures.add(pool.submit(() -> {
            for (int i = offset; i < entities.size(); i += threads) {
              String entity = entities.get(i);
              List<String> names = entity.contains(":vm-") ? VM_METRICS : HOST_METRICS;
              Map<String, List<Sample>> samples = new HashMap<>();
              for (int m = 0; m < names.size(); m++) {
                double v = (i * 31 + m * 7 + first / 20) % 100 + 0.25;
                samples.put(names.get(m), List.of(new Sample(first, v), new Sample(first + 20, v + 1), new Sample(first + 40, v + 2)));
              }
              store.write(entity, samples);
            }
          }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
        double writeSeconds = (System.nanoTime() - start) / 1e9;
        long foreground = ioCounter("write_bytes:") - written0;
        long bg0 = System.nanoTime();
        background.run();
        double bgSeconds = (System.nanoTime() - bg0) / 1e9;
        new ProcessBuilder("sync").inheritIO().start().waitFor();
        long written = ioCounter("write_bytes:") - written0;
        System.out.printf(Locale.ROOT, "cycle %d: writes %.2f s, background %.2f s, %,d bytes written (%,d by the writes; %.2f per sample)%n",
            cycle + 1, writeSeconds, bgSeconds, written, foreground, (double) written / samplesPerCycle);
        if (cycle >= WARM_CYCLES) {
          steady.add(new double[] {writeSeconds, bgSeconds, written});
        }
      }
      if (!steady.isEmpty()) {
        double bytes = steady.stream().mapToDouble(d -> d[2]).sum();
        System.out.printf(Locale.ROOT, "steady (%d cycles): writes median %.2f s, background median %.2f s, %.2f bytes written per sample%n",
            steady.size(), median(steady.stream().mapToDouble(d -> d[0]).toArray()), median(steady.stream().mapToDouble(d -> d[1]).toArray()),
            bytes / (samplesPerCycle * steady.size()));
      }
      long[] size = sizeOnDisk(dir);
      System.out.printf(Locale.ROOT, "on disk: %,d files, %,d bytes allocated (%,d per series)%n", size[0], size[2],
          size[2] / (samplesPerCycle / 3));

      Random random = new Random(1);
      double[] reads = new double[READS];
      Instant end = clock.instant();
      for (int r = 0; r < READS; r++) {
        int i = random.nextInt(entities.size());
        String entity = entities.get(i);
        List<String> names = entity.contains(":vm-") ? VM_METRICS : HOST_METRICS;
        String metric = names.get(random.nextInt(names.size()));
        long start = System.nanoTime();
        Series year = store.read(entity, metric, TimeRange.YEAR, end);
        reads[r] = (System.nanoTime() - start) / 1e3;
        if (year.points().size() != TimeRange.YEAR.points()) {
          throw new AssertionError("wrong point count");
        }
      }
      System.out.printf(Locale.ROOT, "read one metric's year, %d random reads: median %.1f µs%n", READS, median(reads));
      if (store instanceof dev.vscope.store.embedded.EmbeddedHistoryStore) {
        List<String> vmIds = entities.subList(0, vms);
        for (TimeRange range : List.of(TimeRange.HOUR, TimeRange.DAY)) {
          double[] tops = new double[15];
          for (int r = 0; r < tops.length; r++) {
            long start = System.nanoTime();
            store.top("cpu.ready", vmIds, range, end, 20);
            tops[r] = (System.nanoTime() - start) / 1e6;
          }
          System.out.printf(Locale.ROOT, "top 20 of %,d VMs by cpu.ready over the last %s: median %.1f ms%n", vms, range.key(), median(tops));
        }
      }
    } finally {
      store.close();
      pool.shutdownNow();
      deleteTree(dir);
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
  }

  private static List<String> hostMetrics() {
    List<String> names = new ArrayList<>();
    names.addAll(
        List.of("cpu.usage", "cpu.ready", "mem.usage", "disk.read", "disk.write", "net.rx", "net.tx",
            "datastore.readLatency"));
    for (int nic = 0; nic < 4; nic++) {
      names.add("net.rx[vmnic" + nic + "]");
      names.add("net.tx[vmnic" + nic + "]");
    }
    for (int ds = 0; ds < 2; ds++) {
      names.add("datastore.readLatency[datastore-" + (15 + ds) + "]");
      names.add("datastore.writeLatency[datastore-" + (15 + ds) + "]");
    }
    return List.copyOf(names);
  }

  /**
   * A counter of {@code /proc/self/io}: {@code write_bytes:} (bytes this process made dirty for
   * the kernel to write to storage) or {@code read_bytes:} (bytes read from storage, not from the
   * page cache); 0 when unknown.
   */
  private static long ioCounter(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return 0;
  }

  /** Files, bytes of files, and bytes allocated (from du, -1 when unavailable). */
  private static long[] sizeOnDisk(Path dir) throws IOException {
    long files = 0;
    long bytes = 0;
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
        files++;
        bytes += Files.size(p);
      }
    }
    long allocated = -1;
    try {
      Process du = new ProcessBuilder("du", "-s", "--block-size=1", dir.toString()).start();
      String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (du.waitFor() == 0) {
        allocated = Long.parseLong(out.trim().split("\\s+")[0]);
      }
    } catch (IOException | NumberFormatException e) {
      allocated = -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new long[] {files, bytes, allocated};
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
