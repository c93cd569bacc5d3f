package dev.vscope.store;

import dev.vscope.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store's contract, with every sample written into its file at once and with the default
 * flush interval (samples wait in memory and in the write-ahead log; see {@link
 * RrdWriteBehindTest} for what is particular to that).
 */
@ParameterizedClass(name = "flush interval {0}")
@ValueSource(strings = {"PT0S", "PT5M"})
class RrdHistoryStoreTest {

  /** 2023-11-15T00:00:00Z: a multiple of every step, up to a day. */
  private static final long T0 = 1_700_006_400L;

  private static final String VM = "demo:vm-42";
  private static final String CPU = "cpu.usage";

  @TempDir Path temp;

  private final Duration flush;
  private Path dir;
  private MutableClock clock;
  private RrdHistoryStore store;

  RrdHistoryStoreTest(Duration flush) {
    this.flush = flush;
  }

  @BeforeEach
  void open() {
    dir = temp.resolve("history");
    clock = new MutableClock(Instant.ofEpochSecond(T0 + 86_400));
    store = RrdHistoryStore.open(dir, clock, flush);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Samples 20 s apart, the first at {@code first}. */
  private static List<Sample> samples(long first, double... values) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      samples.add(new Sample(first + 20L * i, values[i]));
    }
    return samples;
  }

  private void write(String entity, String metric, List<Sample> samples) {
    store.write(entity, Map.of(metric, samples));
  }

  private Series.Point point(Series series, long epochSecond) {
    return series.points().stream()
        .filter(p -> p.epochSecond() == epochSecond)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no point at " + epochSecond));
  }

  private Series hour(String entity, String metric, long end) {
    return store.read(entity, metric, TimeRange.HOUR, Instant.ofEpochSecond(end));
  }

  @ParameterizedTest
  @EnumSource(TimeRange.class)
  void roundTripForEachRange(TimeRange range) {
    // One day of samples, T0+20 .. T0+86400: 10 at every 15th step (the last of each 5 min), else
    // 1. So every complete 5-min, 30-min, 2-h or 1-day step has avg (14 * 1 + 10) / 15 = 1.6, max 10.
    List<Sample> day = new ArrayList<>();
    for (int k = 1; k <= 4_320; k++) {
      day.add(new Sample(T0 + 20L * k, k % 15 == 0 ? 10 : 1));
    }
    write(VM, CPU, day);

    Series series = store.read(VM, CPU, range, Instant.ofEpochSecond(T0 + 86_405));

    long step = range.stepSeconds();
    int expectedStep;
    int expectedPoints;
    int expectedKnown;
    switch (range) {
      case HOUR -> {
        expectedStep = 20;
        expectedPoints = 180;
        expectedKnown = 180;
      }
      case DAY -> {
        expectedStep = 300;
        expectedPoints = 288;
        expectedKnown = 288; // exactly the day written
      }
      case WEEK -> {
        expectedStep = 1_800;
        expectedPoints = 336;
        expectedKnown = 48; // 24 h / 30 min
      }
      case MONTH -> {
        expectedStep = 7_200;
        expectedPoints = 360;
        expectedKnown = 12; // 24 h / 2 h
      }
      case YEAR -> {
        expectedStep = 86_400;
        expectedPoints = 365;
        expectedKnown = 1;
      }
      default -> throw new AssertionError(range);
    }
    assertThat(series.stepSeconds()).isEqualTo(expectedStep);
    assertThat(series.range()).isEqualTo(range);
    assertThat(series.entityId()).isEqualTo(VM);
    assertThat(series.metric()).isEqualTo(CPU);
    assertThat(series.points()).hasSize(expectedPoints);
    // The last point is the last step boundary at or before the end: T0 + 86400 for every range.
    List<Series.Point> points = series.points();
    assertThat(points.get(points.size() - 1).epochSecond()).isEqualTo(T0 + 86_400);
    for (int i = 1; i < points.size(); i++) {
      assertThat(points.get(i).epochSecond() - points.get(i - 1).epochSecond()).isEqualTo(step);
    }
    long known = points.stream().filter(p -> !Double.isNaN(p.avg())).count();
    assertThat(known).isEqualTo(expectedKnown);
    for (Series.Point p : points) {
      boolean inData = p.epochSecond() - step >= T0;
      if (!inData) {
        assertThat(p.avg()).as("before the first sample, at %d", p.epochSecond()).isNaN();
        assertThat(p.max()).isNaN();
      } else if (range == TimeRange.HOUR) {
        long k = (p.epochSecond() - T0) / 20;
        double expected = k % 15 == 0 ? 10 : 1;
        assertThat(p.avg()).isEqualTo(expected);
        assertThat(p.max()).isEqualTo(expected);
      } else {
        assertThat(p.avg()).isCloseTo(1.6, within(1e-9));
        assertThat(p.max()).isEqualTo(10.0);
      }
    }
  }

  @Test
  void fiveMinuteArchiveConsolidatesAverageAndMax() {
    List<Sample> samples = new ArrayList<>();
    // 0..14 in the 15 steps of the 5 min ending at T0+300: avg 7, max 14.
    samples.addAll(samples(T0 + 20, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14));
    // 1..8 in the first 8 of the 15 steps ending at T0+600: 7 unknown <= xff 0.5 -> avg 4.5, max 8.
    samples.addAll(samples(T0 + 320, 1, 2, 3, 4, 5, 6, 7, 8));
    // 1..7 in the first 7 steps ending at T0+900: 8 unknown > 7.5 -> unknown.
    samples.addAll(samples(T0 + 620, 1, 2, 3, 4, 5, 6, 7));
    // A later sample closes the step ending at T0+900.
    samples.add(new Sample(T0 + 920, 99));
    write(VM, CPU, samples);

    Series day = store.read(VM, CPU, TimeRange.DAY, Instant.ofEpochSecond(T0 + 900));

    assertThat(point(day, T0 + 300).avg()).isEqualTo(7.0);
    assertThat(point(day, T0 + 300).max()).isEqualTo(14.0);
    assertThat(point(day, T0 + 600).avg()).isEqualTo(4.5);
    assertThat(point(day, T0 + 600).max()).isEqualTo(8.0);
    assertThat(point(day, T0 + 900).avg()).isNaN();
    assertThat(point(day, T0 + 900).max()).isNaN();
    assertThat(point(day, T0).avg()).isNaN();
  }

  @Test
  void aGapStaysUnknownAndNeverBecomesZero() {
    write(VM, CPU, samples(T0 + 20, 1, 2));
    // T0+60 is missing.
    write(VM, CPU, samples(T0 + 80, 4, 5));
    // Nothing from T0+120 to T0+680.
    write(VM, CPU, samples(T0 + 700, 7));

    Series hour = hour(VM, CPU, T0 + 700);

    assertThat(point(hour, T0 + 20).avg()).isEqualTo(1);
    assertThat(point(hour, T0 + 40).avg()).isEqualTo(2);
    assertThat(point(hour, T0 + 60).avg()).isNaN();
    assertThat(point(hour, T0 + 60).max()).isNaN();
    // The sample after the hole keeps its value: it is not spread over the hole.
    assertThat(point(hour, T0 + 80).avg()).isEqualTo(4);
    assertThat(point(hour, T0 + 100).avg()).isEqualTo(5);
    for (long t = T0 + 120; t <= T0 + 680; t += 20) {
      assertThat(point(hour, t).avg()).as("at T0+%d", t - T0).isNaN();
    }
    assertThat(point(hour, T0 + 700).avg()).isEqualTo(7);
    // The 5 min ending at T0+300 has 4 known steps of 15: unknown, not an average with zeros.
    Series day = store.read(VM, CPU, TimeRange.DAY, Instant.ofEpochSecond(T0 + 700));
    assertThat(point(day, T0 + 300).avg()).isNaN();
    assertThat(point(day, T0 + 600).avg()).isNaN();
  }

  @Test
  void nanAndInfiniteValuesAreStoredAsUnknown() {
    write(VM, CPU, samples(T0 + 20, 1, Double.NaN, Double.POSITIVE_INFINITY, 4));

    Series hour = hour(VM, CPU, T0 + 80);

    assertThat(point(hour, T0 + 20).avg()).isEqualTo(1);
    assertThat(point(hour, T0 + 40).avg()).isNaN();
    assertThat(point(hour, T0 + 60).avg()).isNaN();
    assertThat(point(hour, T0 + 80).avg()).isEqualTo(4);
    assertThat(store.lastTimestamp(VM, CPU)).hasValue(T0 + 80);
  }

  @Test
  void overlappingAndRepeatedWritesAreIgnored() {
    write(VM, CPU, samples(T0 + 20, 1, 1, 1, 1, 1)); // T0+20 .. T0+100
    write(VM, CPU, samples(T0 + 60, 2, 2, 2, 2, 2)); // T0+60 .. T0+140: only 120, 140 are new
    write(VM, CPU, samples(T0 + 60, 3, 3, 3, 3, 3)); // nothing new
    // Out of order within one call, and two samples in one 20-s step (T0+160 and T0+165).
    write(
        VM,
        CPU,
        List.of(
            new Sample(T0 + 160, 5),
            new Sample(T0 + 165, 6),
            new Sample(T0 + 40, 9),
            new Sample(T0 + 180, 7)));

    Series hour = hour(VM, CPU, T0 + 180);

    double[] expected = {1, 1, 1, 1, 1, 2, 2, 5, 7};
    for (int i = 0; i < expected.length; i++) {
      assertThat(point(hour, T0 + 20 + 20L * i).avg()).as("at T0+%d", 20 + 20 * i).isEqualTo(expected[i]);
    }
    assertThat(store.lastTimestamp(VM, CPU)).hasValue(T0 + 180);
  }

  @Test
  void unalignedTimestampsLandInTheStepAtOrBeforeThem() {
    store.write(
        VM,
        Map.of(
            "a", List.of(new Sample(T0 + 7, 1), new Sample(T0 + 27, 2), new Sample(T0 + 47, 3)),
            "b", List.of(new Sample(T0 + 19, 4), new Sample(T0 + 39, 5), new Sample(T0 + 59, 6))));

    Series a = hour(VM, "a", T0 + 60);
    Series b = hour(VM, "b", T0 + 60);

    // 7 s after a boundary -> that boundary; 19 s after -> that boundary too.
    assertThat(point(a, T0).avg()).isEqualTo(1);
    assertThat(point(a, T0 + 20).avg()).isEqualTo(2);
    assertThat(point(a, T0 + 40).avg()).isEqualTo(3);
    assertThat(point(a, T0 + 60).avg()).isNaN();
    assertThat(point(b, T0).avg()).isEqualTo(4);
    assertThat(point(b, T0 + 20).avg()).isEqualTo(5);
    assertThat(point(b, T0 + 40).avg()).isEqualTo(6);
    assertThat(point(b, T0 + 60).avg()).isNaN();
    assertThat(store.lastTimestamp(VM, "a")).hasValue(T0 + 40);
    assertThat(store.lastTimestamp(VM, "b")).hasValue(T0 + 40);
    // The next sample of b, 20 s later at T0+79, is not refused as a repeat, nor is a gap left.
    write(VM, "b", List.of(new Sample(T0 + 79, 7)));
    assertThat(point(hour(VM, "b", T0 + 60), T0 + 60).avg()).isEqualTo(7);
  }

  @Test
  void reopeningKeepsHistoryAndLastTimestampAndABackfillLeavesNoGap() {
    write(VM, CPU, samples(T0 + 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)); // .. T0+200
    write(VM, "net.rx[vmnic0]", samples(T0 + 20, 5));
    store.close();

    store = RrdHistoryStore.open(dir, clock, flush);

    assertThat(store.lastTimestamp(VM, CPU)).hasValue(T0 + 200);
    assertThat(store.metrics(VM)).containsExactly(CPU, "net.rx[vmnic0]");
    // The collector comes back and backfills from the last stored time on, overlapping it.
    write(VM, CPU, samples(T0 + 180, 0, 0, 11, 12, 13, 14, 15)); // T0+180 .. T0+300
    Series hour = hour(VM, CPU, T0 + 300);
    for (int i = 1; i <= 15; i++) {
      assertThat(point(hour, T0 + 20L * i).avg()).as("step %d", i).isEqualTo(i);
    }
    assertThat(store.read(VM, CPU, TimeRange.DAY, Instant.ofEpochSecond(T0 + 300)))
        .satisfies(day -> assertThat(point(day, T0 + 300).avg()).isEqualTo(8.0));
  }

  @Test
  void readingWhatWasNeverWrittenThrowsUnknownSeries() {
    write(VM, CPU, samples(T0 + 20, 1));

    assertThatThrownBy(() -> hour("demo:vm-1", CPU, T0))
        .isInstanceOf(UnknownSeriesException.class)
        .satisfies(
            e -> {
              assertThat(((UnknownSeriesException) e).entityId()).isEqualTo("demo:vm-1");
              assertThat(((UnknownSeriesException) e).metric()).isEqualTo(CPU);
            });
    assertThatThrownBy(() -> hour(VM, "mem.usage", T0)).isInstanceOf(UnknownSeriesException.class);
    assertThatThrownBy(() -> hour("", CPU, T0)).isInstanceOf(UnknownSeriesException.class);
    assertThat(store.metrics("demo:vm-1")).isEmpty();
    assertThat(store.metrics("")).isEmpty();
    assertThat(store.lastTimestamp(VM, "mem.usage")).isEmpty();
    assertThat(store.lastTimestamp("demo:vm-1", CPU)).isEmpty();
  }

  @Test
  void metricsAreSortedByName() {
    store.write(
        VM,
        Map.of(
            "net.rx[vmnic1]", samples(T0 + 20, 1),
            "cpu.usage", samples(T0 + 20, 1),
            "datastore.readLatency[datastore-15]", samples(T0 + 20, 1),
            "net.rx[vmnic0]", samples(T0 + 20, 1)));

    assertThat(store.metrics(VM))
        .containsExactly(
            "cpu.usage", "datastore.readLatency[datastore-15]", "net.rx[vmnic0]", "net.rx[vmnic1]");
  }

  enum Damage {
    TRUNCATED,
    GARBAGE,
    EMPTY
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void aDamagedFileIsMovedAsideAndTheStoreGoesOn(Damage damage) throws IOException {
    write(VM, CPU, samples(T0 + 20, 1, 2, 3));
    write(VM, "mem.usage", samples(T0 + 20, 1, 2, 3));
    store.close();
    Path file = dir.resolve("demo%3Avm-42").resolve("cpu.usage.rrd");
    assertThat(file).isRegularFile();
    byte[] bytes = Files.readAllBytes(file);
    byte[] damaged =
        switch (damage) {
          case TRUNCATED -> Arrays.copyOf(bytes, 1_000);
          case GARBAGE -> {
            byte[] garbage = new byte[bytes.length];
            new Random(42).nextBytes(garbage);
            yield garbage;
          }
          case EMPTY -> new byte[0];
        };
    Files.write(file, damaged);

    store = RrdHistoryStore.open(dir, clock, flush);

    assertThat(store.lastTimestamp(VM, CPU)).isEmpty();
    Path aside = file.resolveSibling("cpu.usage.rrd.corrupt");
    assertThat(aside).isRegularFile();
    assertThat(Files.readAllBytes(aside)).isEqualTo(damaged);
    assertThatThrownBy(() -> hour(VM, CPU, T0 + 60)).isInstanceOf(UnknownSeriesException.class);
    // A fresh file starts with the next sample; the other metric was never affected.
    write(VM, CPU, samples(T0 + 80, 4, 5));
    assertThat(point(hour(VM, CPU, T0 + 100), T0 + 100).avg()).isEqualTo(5);
    assertThat(point(hour(VM, CPU, T0 + 100), T0 + 60).avg()).isNaN();
    assertThat(point(hour(VM, "mem.usage", T0 + 60), T0 + 60).avg()).isEqualTo(3);
    assertThat(store.metrics(VM)).containsExactly(CPU, "mem.usage");
  }

  @Test
  void aSecondDamagedFileDoesNotOverwriteTheFirst() throws IOException {
    write(VM, CPU, samples(T0 + 20, 1));
    Path file = dir.resolve("demo%3Avm-42").resolve("cpu.usage.rrd");
    Files.write(file, new byte[] {1});
    assertThat(store.lastTimestamp(VM, CPU)).isEmpty();
    write(VM, CPU, samples(T0 + 40, 2));
    Files.write(file, new byte[] {2});

    clock.set(Instant.ofEpochSecond(T0 + 100));
    assertThat(store.lastTimestamp(VM, CPU)).isEmpty();

    assertThat(Files.readAllBytes(file.resolveSibling("cpu.usage.rrd.corrupt")))
        .containsExactly(1);
    assertThat(Files.readAllBytes(file.resolveSibling("cpu.usage.rrd.corrupt-" + (T0 + 100) * 1000)))
        .containsExactly(2);
  }

  @Test
  void aFileLeftHalfCreatedByACrashIsIgnoredAndReplaced() throws IOException {
    Path entityDir = Files.createDirectories(dir.resolve("demo%3Avm-42"));
    Files.write(entityDir.resolve("cpu.usage.rrd.tmp"), new byte[] {1, 2, 3});

    assertThat(store.metrics(VM)).isEmpty();
    write(VM, CPU, samples(T0 + 20, 1));

    assertThat(store.metrics(VM)).containsExactly(CPU);
    assertThat(point(hour(VM, CPU, T0 + 20), T0 + 20).avg()).isEqualTo(1);
    try (Stream<Path> files = Files.list(entityDir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("cpu.usage.rrd");
    }
  }

  @Test
  void idsAndMetricsCannotEscapeTheDirectory() throws IOException {
    String[] entities = {"../escape", "..", ".", "a/b", "/etc", "..\\x", "demo:vm-1"};
    for (String entity : entities) {
      store.write(entity, Map.of("../../evil", samples(T0 + 20, 1), CPU, samples(T0 + 20, 2)));
    }

    try (Stream<Path> siblings = Files.list(temp)) {
      assertThat(siblings).containsExactly(dir);
    }
    try (Stream<Path> all = Files.walk(dir)) {
      // Every file is exactly <dir>/<entity>/<metric>.rrd, or a segment of the store's own
      // write-ahead log, <dir>/.wal/<number>.wal.
      all.filter(Files::isRegularFile)
          .forEach(
              p -> {
                if (p.getParent().equals(dir.resolve(".wal"))) {
                  assertThat(p.getFileName().toString()).matches("[0-9]{20}\\.wal");
                } else {
                  assertThat(p.getParent().getParent()).isEqualTo(dir);
                  assertThat(p.getFileName().toString()).doesNotStartWith(".").endsWith(".rrd");
                }
              });
    }
    assertThat(dir.resolve("%2E.%2Fescape")).isDirectory();
    assertThat(dir.resolve("%2E.")).isDirectory();
    for (String entity : entities) {
      assertThat(store.metrics(entity)).containsExactly("../../evil", CPU);
      assertThat(point(hour(entity, "../../evil", T0 + 20), T0 + 20).avg()).isEqualTo(1);
      assertThat(point(hour(entity, CPU, T0 + 20), T0 + 20).avg()).isEqualTo(2);
    }
    assertThatThrownBy(() -> store.write("", Map.of(CPU, samples(T0, 1))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.write(VM, Map.of("", samples(T0, 1))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.write(VM, Map.of("x".repeat(201), samples(T0, 1))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pruneRemovesEntitiesAndMetricsNotUpdatedSinceTheCutoff() throws IOException {
    write("demo:vm-old", CPU, samples(T0 + 20, 1, 2, 3, 4, 5)); // last T0+100
    write("demo:vm-new", CPU, samples(T0 + 980, 1, 2)); // last T0+1000
    write("demo:vm-new", "net.rx[vmnic9]", samples(T0 + 20, 1)); // a NIC that went away
    write("demo:host-1", CPU, samples(T0 + 500, 1)); // exactly at the cutoff: kept
    Path foreign = Files.createDirectories(dir.resolve("Backup"));
    Files.write(foreign.resolve("notes.txt"), new byte[] {1});

    int removed = store.pruneNotUpdatedSince(Instant.ofEpochSecond(T0 + 500));

    assertThat(removed).isEqualTo(1);
    assertThat(store.metrics("demo:vm-old")).isEmpty();
    assertThat(dir.resolve("demo%3Avm-old")).doesNotExist();
    assertThatThrownBy(() -> hour("demo:vm-old", CPU, T0 + 100))
        .isInstanceOf(UnknownSeriesException.class);
    assertThat(store.metrics("demo:vm-new")).containsExactly(CPU);
    assertThat(store.metrics("demo:host-1")).containsExactly(CPU);
    assertThat(foreign.resolve("notes.txt")).exists();
    assertThat(store.pruneNotUpdatedSince(Instant.ofEpochSecond(T0 + 500))).isZero();
    // A pruned entity starts again from scratch.
    write("demo:vm-old", CPU, samples(T0 + 1000, 7));
    assertThat(store.lastTimestamp("demo:vm-old", CPU)).hasValue(T0 + 1000);
  }

  @Test
  void samplesFarAheadOfTheClockAreIgnored() {
    clock.set(Instant.ofEpochSecond(T0));

    write(VM, CPU, samples(T0 + 3_620, 1)); // more than an hour ahead
    assertThat(store.lastTimestamp(VM, CPU)).isEmpty();
    write(VM, CPU, samples(T0 + 1_800, 2, 3)); // half an hour ahead: a clock a little off
    assertThat(store.lastTimestamp(VM, CPU)).hasValue(T0 + 1_820);
  }

  @Test
  void anIoFailureThrowsStoreExceptionNamingThePathAndLeavesOtherFilesReadable()
      throws IOException {
    write(VM, CPU, samples(T0 + 20, 1));
    // The entity's directory cannot be created: a file is in the way.
    Files.write(dir.resolve("demo%3Avm-9"), new byte[] {1});

    assertThatThrownBy(() -> write("demo:vm-9", CPU, samples(T0 + 20, 1)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(dir.resolve("demo%3Avm-9").toString())
        .satisfies(e -> assertThat(((StoreException) e).path()).startsWithRaw(dir));
    assertThat(point(hour(VM, CPU, T0 + 20), T0 + 20).avg()).isEqualTo(1);
  }

  @Test
  void aFileThatCannotBeReadIsReportedAndNotMovedAside() throws IOException {
    Path file = Files.createDirectories(dir.resolve("demo%3Avm-42").resolve("cpu.usage.rrd"));

    assertThatThrownBy(() -> hour(VM, CPU, T0))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString());
    assertThat(file).isDirectory();
    assertThat(file.resolveSibling("cpu.usage.rrd.corrupt")).doesNotExist();
  }

  @Test
  void everyMetricFileHasTheDocumentedSize() throws IOException {
    write(VM, CPU, samples(T0 + 20, 1));

    // rrd4j's layout: 24 header + 48 data source + 10 × 16 archive + 10 × 20 archive state
    // + 8 × (180 + 288 + 336 + 360 + 365) × 2 rows + (1 + 2 + 10) × 40 strings = 25,416 bytes,
    // 7 blocks of 4 KiB = 28,672 bytes on disk.
    long size = Files.size(dir.resolve("demo%3Avm-42").resolve("cpu.usage.rrd"));
    assertThat(size).isEqualTo(25_416).isEqualTo(RrdHistoryStore.BYTES_PER_METRIC_FILE);
    assertThat(RrdHistoryStore.BYTES_PER_METRIC).isEqualTo(28_672);
    assertThat(RrdHistoryStore.bytesOnDisk(12)).isEqualTo(344_064);
  }

  @Test
  void concurrentWritersAndReadersDoNotInterfere() throws Exception {
    int writers = 4;
    int cycles = 40;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String entity = "demo:vm-" + w;
        futures.add(
            pool.submit(
                () -> {
                  for (int c = 0; c < cycles; c++) {
                    long first = T0 + 20 + 60L * c;
                    store.write(
                        entity,
                        Map.of(CPU, samples(first, c, c, c), "mem.usage", samples(first, 1, 2, 3)));
                  }
                }));
      }
      futures.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 400; i++) {
                  String entity = "demo:vm-" + (i % writers);
                  try {
                    Series s = hour(entity, CPU, T0 + 60L * cycles);
                    assertThat(s.points()).hasSize(180);
                  } catch (UnknownSeriesException notYetWritten) {
                    // fine: the writer has not started yet
                  }
                }
              }));
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    for (int w = 0; w < writers; w++) {
      Series s = hour("demo:vm-" + w, CPU, T0 + 60L * cycles);
      for (int c = 0; c < cycles; c++) {
        for (int i = 0; i < 3; i++) {
          assertThat(point(s, T0 + 20 + 60L * c + 20L * i).avg()).isEqualTo(c);
        }
      }
    }
  }

  @Test
  void aClosedStoreRefusesCalls() {
    write(VM, CPU, samples(T0 + 20, 1));
    store.close();
    store.close();

    assertThatThrownBy(() -> write(VM, CPU, samples(T0 + 40, 1)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> hour(VM, CPU, T0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.metrics(VM)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void emptyWritesCreateNothing() {
    store.write(VM, Map.of(CPU, List.of()));

    assertThat(store.metrics(VM)).isEmpty();
    assertThat(dir.resolve("demo%3Avm-42")).doesNotExist();
  }
}
