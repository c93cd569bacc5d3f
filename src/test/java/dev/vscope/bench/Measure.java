package dev.vscope.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * What the benchmark measures around one piece of work: wall time, CPU time of this process and of
 * the simulator (a child process), peak heap, and what was written to disk. Linux only for the
 * {@code /proc} figures; they read as 0 elsewhere.
 */
final class Measure {

  private static final List<MemoryPoolMXBean> HEAP_POOLS =
      ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private Measure() {}

  /** One measured run. */
  record Run(long wallNanos, long cpuNanos, long simCpuNanos, long peakHeapBytes, long liveHeapAfterBytes) {
    double wallMs() {
      return wallNanos / 1e6;
    }

    double cpuMs() {
      return cpuNanos / 1e6;
    }

    double simCpuMs() {
      return simCpuNanos / 1e6;
    }
  }

  /** A run and what the work returned. */
  record Result<T>(Run run, T value) {}

  /**
   * Runs {@code work} once: collects garbage first, resets the peak usage of every heap pool, then
   * measures. {@code liveAfter} additionally collects garbage after the run, while the result is
   * still referenced, to show what it retains.
   */
  static <T> Result<T> run(Callable<T> work, boolean liveAfter) throws Exception {
    return run(work, liveAfter, () -> {});
  }

  /** Like {@link #run(Callable, boolean)}, with {@code justBefore} run after the preparations, right before the measured work. */
  static <T> Result<T> run(Callable<T> work, boolean liveAfter, Prepare justBefore) throws Exception {
    System.gc();
    HEAP_POOLS.forEach(MemoryPoolMXBean::resetPeakUsage);
    justBefore.run();
    long simCpu0 = simulatorCpuNanos();
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    T value = work.call();
    long wall = System.nanoTime() - t0;
    long cpu = processCpuNanos() - cpu0;
    long simCpu = simulatorCpuNanos() - simCpu0;
    long peak = peakHeapBytes();
    long live = -1;
    if (liveAfter) {
      System.gc();
      live = usedHeapBytes();
      // the result must still be reachable during that collection
      java.lang.ref.Reference.reachabilityFence(value);
    }
    return new Result<>(new Run(wall, cpu, simCpu, peak, live), value);
  }

  /** Work done right before a measurement starts. */
  @FunctionalInterface
  interface Prepare {
    void run() throws Exception;
  }

  static long processCpuNanos() {
    return OS.getProcessCpuTime();
  }

  /** Sum of the peak usage of every heap pool since the last reset. */
  static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean p : HEAP_POOLS) {
      sum += p.getPeakUsage().getUsed();
    }
    return sum;
  }

  static long usedHeapBytes() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static long maxHeapBytes() {
    return Runtime.getRuntime().maxMemory();
  }

  /** CPU time used so far by the simulator (a child of this JVM), 0 when unknown. */
  static long simulatorCpuNanos() {
    Optional<ProcessHandle> sim = simulator();
    return sim.flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
  }

  private static Optional<ProcessHandle> simulator() {
    try (Stream<ProcessHandle> children = ProcessHandle.current().children()) {
      return children.filter(p -> p.info().command().map(c -> c.endsWith("vscope-sim")).orElse(false)).findFirst();
    }
  }

  /** A field of {@code /proc/self/io} (wchar: bytes passed to write calls; write_bytes: newly dirtied), 0 when unknown. */
  static long procIo(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return 0;
  }

  /** The 1-minute load average, for the record. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** Bytes of the regular files under {@code dir}. */
  static long treeBytes(Path dir) throws IOException {
    long bytes = 0;
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
        bytes += Files.size(p);
      }
    }
    return bytes;
  }

  static long treeFiles(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).count();
    }
  }

  /** The process's open file descriptors (files, sockets, pipes); 0 where /proc is not Linux's. */
  static long openFiles() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException e) {
      return 0;
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  static double median(List<Double> values) {
    return median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** Nearest-rank percentile, {@code p} in (0, 100]. */
  static double percentile(double[] values, double p) {
    double[] v = values.clone();
    Arrays.sort(v);
    int rank = (int) Math.ceil(p / 100 * v.length);
    return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
  }

  static double medianOf(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
    return median(runs.stream().mapToDouble(f).toArray());
  }

  static String mb(double bytes) {
    return String.format(Locale.ROOT, "%.0f MB", bytes / (1024.0 * 1024.0));
  }

  static String ms(double ms) {
    if (ms >= 100) {
      return String.format(Locale.ROOT, "%,.0f ms", ms);
    }
    if (ms >= 1) {
      return String.format(Locale.ROOT, "%.1f ms", ms);
    }
    return String.format(Locale.ROOT, "%.3f ms", ms);
  }

  static String list(List<Run> runs, java.util.function.ToDoubleFunction<Run> f, String unit) {
    StringBuilder b = new StringBuilder();
    for (Run r : runs) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(String.format(Locale.ROOT, "%.0f", f.applyAsDouble(r)));
    }
    return b + " " + unit;
  }
}
