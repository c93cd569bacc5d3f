package dev.vscope.bench;

import dev.vscope.store.HistoryStore;
import dev.vscope.store.Sample;
import dev.vscope.store.prom.EngineProcess;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A year of 20-s samples of one series, the same in both stores, so that a graph of a week, a
 * month or a year reads as much history as after a year of collection: the embedded store gets
 * them through its API, Prometheus as TSDB blocks made by {@code promtool} before it starts (its
 * documented way of backfilling), in blocks of at most 31 days as a Prometheus with a 400-day
 * retention compacts them. Values are a daily and a weekly wave plus noise, a function of the
 * time alone, so both stores get the same numbers.
 *
 * @param entity the entity id, e.g. {@code bench:host-21}
 * @param metric the metric name, e.g. {@code cpu.usage}
 * @param first the first sample's time (epoch seconds, a multiple of 20)
 * @param last the last sample's time
 */
record YearOfSamples(String entity, String metric, long first, long last) {

  static final int STEP = 20;

  /** 366 days of samples ending at {@code last} (rounded down to 20 s). */
  static YearOfSamples ending(String entity, String metric, long last) {
    long end = Math.floorDiv(last, STEP) * STEP;
    return new YearOfSamples(entity, metric, end - 366L * 86_400, end);
  }

  long count() {
    return (last - first) / STEP + 1;
  }

  static double value(long t) {
    long h = t * 0x9E3779B97F4A7C15L;
    h ^= h >>> 29;
    double noise = (h & 0xFFFF) / 65536.0;
    return 35 + 20 * Math.sin(2 * Math.PI * t / 86_400) + 10 * Math.sin(2 * Math.PI * t / (7 * 86_400)) + 8 * noise;
  }

  /** Writes every sample to {@code store}, a day per call. */
  void writeTo(HistoryStore store) {
    long perCall = 86_400 / STEP;
    for (long t = first; t <= last; t += perCall * STEP) {
      List<Sample> day = new ArrayList<>((int) perCall);
      for (long s = t; s <= last && s < t + perCall * STEP; s += STEP) {
        day.add(new Sample(s, value(s)));
      }
      store.write(entity, Map.of(metric, day));
    }
  }

  /**
   * Writes the samples as OpenMetrics with the labels the Prometheus store gives the series
   * ({@code vscope_history{entity, metric, vcenter}}, see {@code SeriesKey}) and turns them into
   * blocks in the engine's data directory. The engine must not be running.
   */
  void backfill(EngineProcess engine, Path scratch) throws IOException, InterruptedException {
    Path text = scratch.resolve("year.om");
    int colon = entity.indexOf(':');
    String labels = "vscope_history{entity=" + quote(entity) + ",metric=" + quote(metric)
        + (colon < 0 ? "" : ",vcenter=" + quote(entity.substring(0, colon))) + "}";
    try (BufferedWriter out = Files.newBufferedWriter(text, StandardCharsets.UTF_8)) {
      for (long t = first; t <= last; t += STEP) {
        out.write(labels);
        out.write(String.format(Locale.ROOT, " %.4f %d%n", value(t), t));
      }
      out.write("# EOF\n");
    }
    Path promtool = engine.kind().binary().resolveSibling("promtool");
    // --max-block-duration is accepted though not listed by Prometheus 2.42's promtool
    Process p = new ProcessBuilder(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", "-q", "--max-block-duration=744h",
        text.toString(), engine.dataDir().toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException(promtool + " failed: " + out);
    }
    Files.delete(text);
  }

  /** An OpenMetrics label value. */
  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
