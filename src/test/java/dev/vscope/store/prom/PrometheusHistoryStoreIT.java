package dev.vscope.store.prom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vscope.store.Sample;
import dev.vscope.store.Series;
import dev.vscope.store.StoreException;
import dev.vscope.store.TimeRange;
import dev.vscope.store.UnknownSeriesException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store against a real Prometheus started by the test ({@link EngineProcess}; {@code
 * -Dvscope.engine=victoria-metrics} for VictoriaMetrics): what {@link PrometheusHistoryStore#read}
 * returns equals what was written (values and gaps, hour and day ranges), and an engine outage
 * (with a vscope restart in the middle of it) loses nothing.
 *
 * <p>Prometheus refuses samples more than about an hour older than the newest it has, so the day
 * of history is written in time order across all series, in 20-minute slices, ending half an hour
 * ago; the outage then adds the following 20 minutes.
 */
class PrometheusHistoryStoreIT {

  private static final Logger logger = LoggerFactory.getLogger(PrometheusHistoryStoreIT.class);

  private static final String VM = "itest:vm-42";
  private static final String HOST = "itest:host \"one\"";
  private static final String CPU = "cpu.usage";
  private static final String NET = "net.rx[vmnic0]";
  /** Every character PromQL needs escaped, plus non-ASCII. */
  private static final String ODD = "disk.\"odd\" \\path\\ line\nbreak ✓";
  private static final long SLICE = 1_200;

  @TempDir Path temp;

  private EngineProcess engine;
  private long t1;
  /** Everything written: series → (stamp → value), NaN included. */
  private final Map<String, TreeMap<Long, Double>> written = new HashMap<>();

  @BeforeEach
  void startEngine() throws Exception {
    engine = new EngineProcess(EngineProcess.Kind.fromProperty(), temp.resolve("engine"));
    logger.info("Engine: {}", engine.version());
    engine.start();
    long now = Instant.now().getEpochSecond();
    t1 = Math.floorDiv(now, 300) * 300 - 1_800;
  }

  @AfterEach
  void stopEngine() {
    if (engine != null) {
      engine.close();
    }
  }

  private PrometheusHistoryStore open(String buffer) {
    PrometheusStoreConfig config =
        new PrometheusStoreConfig(
            engine.writeUrl(), engine.base(), null, null, null, temp.resolve(buffer), Duration.ofSeconds(10));
    // a short backoff cap, so the test does not wait 30 s for the engine to come back
    return PrometheusHistoryStore.open(
        config,
        Clock.systemUTC(),
        SegmentBuffer.DEFAULT_SEGMENT_BYTES,
        FileChannel::open,
        new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2)));
  }

  /** The value written at {@code t} in a series, or null for a sample left out (a gap). */
  private Double valueAt(String series, long t) {
    long i = t / 20;
    switch (series) {
      case CPU -> {
        if (i % 50 >= 10 && i % 50 < 14) {
          return null; // short gaps
        }
        if (t > t1 - 6 * 3_600 && t <= t1 - 4 * 3_600) {
          // two hours without any sample: whole unknown points in the day range. Placed from t1,
          // not at a time of day: the last hour before t1 must hold samples whatever the hour
          return null;
        }
        return i % 97 == 3 ? Double.NaN : (i * 7 % 101) / 4.0;
      }
      case NET -> {
        return (i % 13) * 1_000.5 + 0.125;
      }
      default -> {
        return i % 3 == 0 ? null : (double) (i % 1_000);
      }
    }
  }

  /** The time of the last value written to a series that is not unknown. */
  private long lastKnown(String key) {
    return written.get(key).descendingMap().entrySet().stream().filter(e -> !Double.isNaN(e.getValue()))
        .findFirst().orElseThrow().getKey();
  }

  /** Writes every series over (from, to], in slices, all series of a slice before the next. */
  private void writeHistory(PrometheusHistoryStore store, long from, long to) {
    for (long sliceStart = from; sliceStart < to; sliceStart += SLICE) {
      long sliceEnd = Math.min(to, sliceStart + SLICE);
      Map<String, List<Sample>> vm = new LinkedHashMap<>();
      vm.put(CPU, samples(VM + "|" + CPU, CPU, sliceStart, sliceEnd));
      vm.put(NET, samples(VM + "|" + NET, NET, sliceStart, sliceEnd));
      store.write(VM, vm);
      store.write(HOST, Map.of(ODD, samples(HOST + "|" + ODD, ODD, sliceStart, sliceEnd)));
    }
  }

  private List<Sample> samples(String key, String metric, long from, long to) {
    List<Sample> out = new ArrayList<>();
    for (long t = from + 20; t <= to; t += 20) {
      Double v = valueAt(metric, t);
      if (v != null) {
        out.add(new Sample(t, v));
        written.computeIfAbsent(key, k -> new TreeMap<>()).put(t, v);
      }
    }
    return out;
  }

  /** What a read should return: per step (T - step, T], the average and maximum of known samples. */
  private List<Series.Point> expected(String key, TimeRange range, long end) {
    long step = range.stepSeconds();
    long first = Math.floorDiv(end, step) * step - (range.points() - 1) * step;
    TreeMap<Long, Double> samples = written.getOrDefault(key, new TreeMap<>());
    List<Series.Point> points = new ArrayList<>();
    for (int i = 0; i < range.points(); i++) {
      long t = first + i * step;
      double sum = 0;
      double max = Double.NaN;
      int n = 0;
      for (double v : samples.subMap(t - step, false, t, true).values()) {
        if (!Double.isNaN(v)) {
          sum += v;
          max = n == 0 ? v : Math.max(max, v);
          n++;
        }
      }
      points.add(new Series.Point(t, n == 0 ? Double.NaN : sum / n, max));
    }
    return points;
  }

  private void assertReadsWhatWasWritten(PrometheusHistoryStore store, String entity, String metric, TimeRange range, long end) {
    Series series = store.read(entity, metric, range, Instant.ofEpochSecond(end));
    List<Series.Point> expected = expected(entity + "|" + metric, range, end);
    assertThat(series.points()).hasSize(range.points());
    int known = 0;
    int gaps = 0;
    for (int i = 0; i < expected.size(); i++) {
      Series.Point want = expected.get(i);
      Series.Point got = series.points().get(i);
      String where = metric + " " + range + " point " + i + " at " + Instant.ofEpochSecond(want.epochSecond());
      assertThat(got.epochSecond()).as(where).isEqualTo(want.epochSecond());
      if (Double.isNaN(want.avg())) {
        assertThat(got.avg()).as(where + " avg (a gap)").isNaN();
        assertThat(got.max()).as(where + " max (a gap)").isNaN();
        gaps++;
      } else {
        assertThat(got.avg()).as(where + " avg").isCloseTo(want.avg(), within(1e-9 * Math.max(1, Math.abs(want.avg()))));
        assertThat(got.max()).as(where + " max").isEqualTo(want.max());
        known++;
      }
    }
    logger.info("{} {} {} up to {}: {} points known, {} gaps, all as written", entity, metric, range, Instant.ofEpochSecond(end), known, gaps);
  }

  @Test
  void readsBackWhatWasWrittenAndSurvivesAnEngineOutage() throws Exception {
    // --- a day of history, engine up
    PrometheusHistoryStore store = open("buffer");
    writeHistory(store, t1 - 86_400, t1);
    assertThat(store.awaitDelivered(Duration.ofSeconds(60))).as("delivered").isTrue();
    engine.flush();
    assertThat(store.rejectedRecords()).isZero();

    for (long end : new long[] {t1, t1 + 7, t1 - 5_000}) {
      for (TimeRange range : new TimeRange[] {TimeRange.HOUR, TimeRange.DAY}) {
        assertReadsWhatWasWritten(store, VM, CPU, range, end);
        assertReadsWhatWasWritten(store, VM, NET, range, end);
        assertReadsWhatWasWritten(store, HOST, ODD, range, end);
      }
    }
    // the day range shows the two-hour hole as unknown points, never zero
    Series day = store.read(VM, CPU, TimeRange.DAY, Instant.ofEpochSecond(t1));
    assertThat(day.points()).filteredOn(p -> Double.isNaN(p.avg())).hasSizeGreaterThanOrEqualTo(23);
    assertThat(day.points()).noneMatch(p -> p.avg() == 0 && p.max() == 0);

    // --- a fresh store (no local knowledge) learns from the engine
    try (PrometheusHistoryStore other = open("other-buffer")) {
      assertThat(other.metrics(VM)).containsExactly(CPU, NET);
      assertThat(other.metrics(HOST)).containsExactly(ODD);
      assertThat(other.metrics("itest:vm-none")).isEmpty();
      // what the engine holds: the last known value (an unknown one is not sent; when t1 itself
      // was one, every 97th 5-minute period, the last time is the step before)
      assertThat(other.lastTimestamp(VM, CPU)).hasValue(lastKnown(VM + "|" + CPU));
      assertThat(other.lastTimestamp(HOST, ODD)).hasValue(lastKnown(HOST + "|" + ODD));
      assertThatThrownBy(() -> other.read(VM, "nope", TimeRange.HOUR, Instant.ofEpochSecond(t1)))
          .isInstanceOf(UnknownSeriesException.class);
      assertReadsWhatWasWritten(other, VM, CPU, TimeRange.HOUR, t1);
    }

    // --- the engine goes down; writes go on into the buffer, and vscope restarts meanwhile
    engine.stop();
    writeHistory(store, t1, t1 + 600);
    Thread.sleep(1_000);
    assertThat(store.pendingBytes()).as("buffered while the engine is down").isPositive();
    assertThatThrownBy(() -> store.read(VM, CPU, TimeRange.HOUR, Instant.ofEpochSecond(t1)))
        .isInstanceOf(StoreException.class);
    store.close();

    PrometheusHistoryStore restarted = open("buffer");
    assertThat(restarted.pendingBytes()).isPositive();
    assertThat(restarted.lastTimestamp(VM, NET)).as("known from the buffer").hasValue(t1 + 600);
    writeHistory(restarted, t1 + 600, t1 + 1_200);

    // --- the engine comes back on the same data; the buffer drains in order
    engine.start();
    assertThat(restarted.awaitDelivered(Duration.ofSeconds(120))).as("delivered after the outage").isTrue();
    engine.flush();
    assertThat(restarted.rejectedRecords()).as("nothing refused as out of order").isZero();
    for (TimeRange range : new TimeRange[] {TimeRange.HOUR, TimeRange.DAY}) {
      assertReadsWhatWasWritten(restarted, VM, CPU, range, t1 + 1_200);
      assertReadsWhatWasWritten(restarted, VM, NET, range, t1 + 1_200);
      assertReadsWhatWasWritten(restarted, HOST, ODD, range, t1 + 1_200);
    }
    restarted.close();
  }
}
