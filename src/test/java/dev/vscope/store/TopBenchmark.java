package dev.vscope.store;

import dev.vscope.store.embedded.EmbeddedHistoryStore;
import dev.vscope.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Times the embedded store's query across entities ({@link HistoryStore#top}) with a full day of
 * history behind it, which the scale benchmark (in real time) cannot have: {@code vms} VMs' CPU
 * ready, one sample every 20 s for {@code hours} hours, written in simulated time 20 minutes at a
 * time with the store's maintenance after each (so that the 5-minute and 30-minute rollups are
 * materialized as in production), then the top 20 over the last hour, day and week, and a check of
 * the answer against the mean of {@link HistoryStore#read}'s points for the entities it names. Not a
 * test: {@code scripts/benchmark top} runs it.
 *
 * <pre>
 * java -cp ... dev.vscope.store.TopBenchmark [vms] [hours]
 * </pre>
 */
public final class TopBenchmark {

  private static final String METRIC = "cpu.ready";
  private static final long T0 = 1_700_006_400L;
  private static final int CHUNK = 60; // samples per series per write: 20 minutes
  private static final int RUNS = 21;

  private TopBenchmark() {}

  public static void main(String[] args) throws Exception {
    int vms = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
    int hours = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    Path dir = Files.createTempDirectory("vscope-top-bench");
    MutableClock clock = new MutableClock(Instant.ofEpochSecond(T0));
    List<String> ids = new ArrayList<>(vms);
    for (int i = 0; i < vms; i++) {
      ids.add("bench:vm-" + (1_000 + i));
    }
    System.out.printf(Locale.ROOT, "top-N: %,d VMs, %d hours of %s every 20 s, %d cores, %s%n",
        vms, hours, METRIC, Runtime.getRuntime().availableProcessors(), dir);
    try (EmbeddedHistoryStore store = EmbeddedHistoryStore.open(dir, clock, false)) {
      long fill = System.nanoTime();
      for (long start = T0 + 20; start < T0 + hours * 3_600L; start += CHUNK * 20L) {
        clock.set(Instant.ofEpochSecond(start + (CHUNK - 1) * 20L));
        Map<String, Map<String, List<Sample>>> batch = new HashMap<>();
        for (int i = 0; i < vms; i++) {
          List<Sample> samples = new ArrayList<>(CHUNK);
          for (int k = 0; k < CHUNK; k++) {
            long t = start + k * 20L;
            // a level per VM, varying with time, with a few gaps so that points are partly known
            double v = (i * 7_919L % 1_000) / 10.0 + (t / 20 % 17);
            samples.add(new Sample(t, (t / 20 + i) % 97 == 0 ? Double.NaN : v));
          }
          batch.put(ids.get(i), Map.of(METRIC, samples));
        }
        Map<String, StoreException> failed = store.writeAll(batch);
        if (!failed.isEmpty()) {
          throw failed.values().iterator().next();
        }
        clock.set(clock.instant().plusSeconds(60)); // the maintenance runs a minute after a window closes
        store.maintain();
      }
      System.out.printf(Locale.ROOT, "filled in %.0f s%n", (System.nanoTime() - fill) / 1e9);
      Instant end = clock.instant();
      Set<String> wanted = Set.copyOf(ids);
      for (TimeRange range : List.of(TimeRange.HOUR, TimeRange.DAY, TimeRange.WEEK)) {
        double[] times = new double[RUNS];
        List<Ranked> top = List.of();
        for (int r = 0; r < RUNS; r++) {
          long start = System.nanoTime();
          top = store.top(METRIC, wanted, range, end, 20);
          times[r] = (System.nanoTime() - start) / 1e6;
        }
        check(store, top, range, end);
        Arrays.sort(times);
        System.out.printf(Locale.ROOT, "top 20 of %,d VMs over the last %s: median %.1f ms (min %.1f, max %.1f); first %s %.3f%n",
            vms, range.key(), times[RUNS / 2], times[0], times[RUNS - 1], top.get(0).entityId(), top.get(0).value());
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The ranked values are the means of the points a read of each series returns. */
  private static void check(HistoryStore store, List<Ranked> top, TimeRange range, Instant end) {
    for (Ranked r : top) {
      double mean = store.read(r.entityId(), METRIC, range, end).points().stream()
          .mapToDouble(Series.Point::avg).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
      if (Math.abs(mean - r.value()) > 1e-9 * Math.max(1, Math.abs(mean))) {
        throw new AssertionError(r + " but its series averages to " + mean + " over the " + range.key());
      }
    }
  }
}
