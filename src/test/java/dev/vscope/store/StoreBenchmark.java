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
 * Measures {@link RrdHistoryStore} on the collector's full load: 5,500 VMs × 12 metrics + 200
 * hosts × 20 metrics, 3 samples each (one minute of 20-s samples) per cycle. Not a test: run it
 * by hand after {@code mvn test-compile}:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) dev.vscope.store.StoreBenchmark [threads] [cycles] [pause]
 * </pre>
 *
 * where {@code cp.txt} is written by {@code mvn dependency:build-classpath
 * -Dmdep.outputFile=cp.txt}. The first cycle creates every file; the later ones are the steady
 * state. Prints wall times, bytes on disk and the median time to read one metric's year. With a
 * pause of 35 s or more between cycles (longer than the kernel's 30-s dirty page expiry, as in
 * production where cycles are 60 s apart), the "dirtied" figure is what a cycle makes the kernel
 * write to disk, and "read from disk" shows whether the files were still in the page cache (from
 * {@code /proc/self/io}, Linux only).
 */
public final class StoreBenchmark {

  private static final int VMS = 5_500;
  private static final int HOSTS = 200;
  private static final List<String> VM_METRICS =
      List.of(
          "cpu.usage", "cpu.ready", "mem.usage", "mem.active", "mem.balloon", "mem.swapped",
          "disk.read", "disk.write", "disk.latency", "net.rx", "net.tx", "net.drops");
  private static final List<String> HOST_METRICS = hostMetrics();
  private static final long T0 = 1_700_006_400L;
  private static final int READS = 1_000;

  private StoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int pauseSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    Path dir = Files.createTempDirectory("vscope-store-bench");
    Clock clock = Clock.fixed(Instant.ofEpochSecond(T0 + 86_400), ZoneOffset.UTC);
    List<String> entities = new ArrayList<>(VMS + HOSTS);
    for (int i = 0; i < VMS; i++) {
      entities.add("bench:vm-" + (1_000 + i));
    }
    for (int i = 0; i < HOSTS; i++) {
      entities.add("bench:host-" + (10 + i));
    }
    int metrics = VMS * VM_METRICS.size() + HOSTS * HOST_METRICS.size();
    System.out.printf(
        Locale.ROOT,
        "%d entities, %d metrics, 3 samples each per cycle, %d writer thread(s), %d cores, dir %s%n",
        entities.size(),
        metrics,
        threads,
        Runtime.getRuntime().availableProcessors(),
        dir);

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (RrdHistoryStore store = RrdHistoryStore.open(dir, clock)) {
      for (int cycle = 0; cycle < cycles; cycle++) {
        if (cycle > 0 && pauseSeconds > 0) {
          Thread.sleep(pauseSeconds * 1_000L);
        }
        long first = T0 + 20 + 60L * cycle;
        long dirtiedBefore = ioCounter("write_bytes:");
        long readBefore = ioCounter("read_bytes:");
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int offset = t;
          futures.add(
              pool.submit(
                  () -> {
                    for (int i = offset; i < entities.size(); i += threads) {
                      String entity = entities.get(i);
                      List<String> names = entity.contains(":vm-") ? VM_METRICS : HOST_METRICS;
                      Map<String, List<Sample>> samples = new HashMap<>();
                      for (int m = 0; m < names.size(); m++) {
                        double v = (i * 31 + m * 7 + first / 20) % 100;
                        samples.put(
                            names.get(m),
                            List.of(
                                new Sample(first, v),
                                new Sample(first + 20, v + 1),
                                new Sample(first + 40, v + 2)));
                      }
                      store.write(entity, samples);
                    }
                  }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long dirtied = ioCounter("write_bytes:") - dirtiedBefore;
        long read = ioCounter("read_bytes:") - readBefore;
        System.out.printf(
            Locale.ROOT,
            "cycle %d%s: %.2f s (%.1f µs per metric), dirtied %,d bytes (%,d per metric),"
                + " read %,d bytes from disk%n",
            cycle + 1,
            cycle == 0 ? " (creates every file)" : "",
            seconds,
            seconds * 1e6 / metrics,
            dirtied,
            dirtied / metrics,
            read);
      }

      long[] size = sizeOnDisk(dir);
      System.out.printf(
          Locale.ROOT,
          "on disk: %d files, %,d bytes of files (%,d per metric), %s allocated%n",
          size[0],
          size[1],
          size[0] == 0 ? 0 : size[1] / size[0],
          size[2] < 0 ? "unknown (no du)" : String.format(Locale.ROOT, "%,d bytes", size[2]));

      Random random = new Random(1);
      long[] nanos = new long[READS];
      Instant end = Instant.ofEpochSecond(T0 + 60L * cycles);
      for (int r = 0; r < READS; r++) {
        int i = random.nextInt(entities.size());
        String entity = entities.get(i);
        List<String> names = entity.contains(":vm-") ? VM_METRICS : HOST_METRICS;
        String metric = names.get(random.nextInt(names.size()));
        long start = System.nanoTime();
        Series year = store.read(entity, metric, TimeRange.YEAR, end);
        nanos[r] = System.nanoTime() - start;
        if (year.points().size() != TimeRange.YEAR.points()) {
          throw new AssertionError("wrong point count");
        }
      }
      Arrays.sort(nanos);
      System.out.printf(
          Locale.ROOT,
          "read one metric's year, %d random reads: median %.1f µs, p90 %.1f µs, max %.1f µs%n",
          READS,
          nanos[READS / 2] / 1e3,
          nanos[READS * 9 / 10] / 1e3,
          nanos[READS - 1] / 1e3);
    } finally {
      pool.shutdownNow();
      deleteTree(dir);
    }
  }

  private static List<String> hostMetrics() {
    List<String> names = new ArrayList<>();
    names.addAll(
        List.of("cpu.usage", "cpu.ready", "mem.usage", "mem.active", "mem.swapped", "disk.read",
            "disk.write", "power.usage"));
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
