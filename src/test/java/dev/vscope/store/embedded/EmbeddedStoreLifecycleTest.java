package dev.vscope.store.embedded;

import static dev.vscope.store.embedded.EmbeddedHistoryStoreTest.T0;
import static dev.vscope.store.embedded.EmbeddedHistoryStoreTest.point;
import static dev.vscope.store.embedded.EmbeddedHistoryStoreTest.samples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vscope.store.Ranked;
import dev.vscope.store.RrdHistoryStore;
import dev.vscope.store.Sample;
import dev.vscope.store.Series;
import dev.vscope.store.TimeRange;
import dev.vscope.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What happens to the embedded store over time and across restarts: rollups written by the
 * maintenance, late samples, retention, crashes, damaged files, the import of the rrd4j history,
 * and rankings across entities.
 */
class EmbeddedStoreLifecycleTest {

  private static final String CPU = "cpu.usage";

  @TempDir Path temp;

  private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(T0));

  private EmbeddedHistoryStore open() {
    return EmbeddedHistoryStore.open(temp.resolve("history"), clock, false);
  }

  /** {@code minutes} of samples of value {@code value} from T0+20 on, one call per minute as the collector does. */
  private void collect(EmbeddedHistoryStore store, String entity, int minutes, double value) {
    for (int m = 0; m < minutes; m++) {
      store.write(entity, Map.of(CPU, samples(T0 + 20 + 60L * m, value, value, value)));
    }
  }

  @Test
  void aLateSampleMakesItsWrittenRollupsDirtyAndTheyAreWrittenAgain() {
    clock.set(Instant.ofEpochSecond(T0 + 3_600));
    try (EmbeddedHistoryStore store = open()) {
      store.write("demo:vm-1", Map.of(CPU, samples(T0 + 20, 1, 1, 1, 1, 1, 1, 1))); // 7 of 15 steps: unknown
      store.maintain();
      Instant end = Instant.ofEpochSecond(T0 + 300);
      assertThat(point(store.read("demo:vm-1", CPU, TimeRange.DAY, end), T0 + 300).avg()).isNaN();

      store.write("demo:vm-1", Map.of(CPU, samples(T0 + 160, 4))); // the 8th step, late: now known
      assertThat(store.backlog().dirtyWindows()).isPositive();
      assertThat(point(store.read("demo:vm-1", CPU, TimeRange.DAY, end), T0 + 300).avg()).isCloseTo(11.0 / 8, within(1e-12));

      assertThat(store.maintain()).isPositive();
      assertThat(store.backlog().dirtyWindows()).isZero();
      assertThat(point(store.read("demo:vm-1", CPU, TimeRange.DAY, end), T0 + 300).avg()).isCloseTo(11.0 / 8, within(1e-12));
    }
  }

  @Test
  void rawSamplesOlderThanTwoHoursAreDeletedOnceRolledUpAndLaterOnesForThemAreRefused() throws IOException {
    try (EmbeddedHistoryStore store = open()) {
      collect(store, "demo:vm-1", 30, 5);
      clock.set(Instant.ofEpochSecond(T0 + 6 * 3_600));
      store.maintain();

      assertThat(store.read("demo:vm-1", CPU, TimeRange.HOUR, Instant.ofEpochSecond(T0 + 1_800)).points())
          .allSatisfy(p -> assertThat(p.avg()).isNaN());
      Series day = store.read("demo:vm-1", CPU, TimeRange.DAY, Instant.ofEpochSecond(T0 + 1_800));
      assertThat(point(day, T0 + 1_800).avg()).isEqualTo(5);
      assertThat(point(day, T0 + 300).avg()).isEqualTo(5);
      try (Stream<Path> raw = Files.walk(temp.resolve("history"))) {
        assertThat(raw.filter(p -> p.getFileName().toString().startsWith("20-"))).isEmpty();
      }
      // a sample for a time whose raw partition is gone would recompute its rollup from nothing
      store.write("demo:vm-2", Map.of(CPU, samples(T0 + 20, 9)));
      assertThat(store.lastTimestamp("demo:vm-2", CPU)).isEmpty();
      assertThat(point(store.read("demo:vm-1", CPU, TimeRange.DAY, Instant.ofEpochSecond(T0 + 1_800)), T0 + 300).avg()).isEqualTo(5);
    }
  }

  @Test
  void afterACrashEverySampleWrittenIsStillThere() {
    clock.set(Instant.ofEpochSecond(T0 + 1_800));
    EmbeddedHistoryStore crashed = open();
    collect(crashed, "demo:vm-1", 20, 3);
    crashed.maintain(); // a checkpoint, then more samples it does not have
    collect(crashed, "demo:vm-2", 25, 4);
    crashed.write("demo:vm-1", Map.of(CPU, samples(T0 + 20 + 60L * 20, 6)));
    // not closed: as after kill -9, only what reached the files counts

    try (EmbeddedHistoryStore store = open()) {
      assertThat(store.lastTimestamp("demo:vm-1", CPU)).hasValue(T0 + 20 + 60L * 20);
      assertThat(store.lastTimestamp("demo:vm-2", CPU)).hasValue(T0 + 60L * 25);
      Series hour = store.read("demo:vm-2", CPU, TimeRange.HOUR, Instant.ofEpochSecond(T0 + 1_500));
      assertThat(hour.points().stream().filter(p -> !Double.isNaN(p.avg()))).hasSize(75).allSatisfy(p -> assertThat(p.avg()).isEqualTo(4));
      assertThat(point(store.read("demo:vm-1", CPU, TimeRange.DAY, Instant.ofEpochSecond(T0 + 1_500)), T0 + 900).avg()).isEqualTo(3);
    }
  }

  @Test
  void aTornJournalRecordIsCutOffAndTheStoreGoesOn() throws IOException {
    try (EmbeddedHistoryStore store = open()) {
      collect(store, "demo:vm-1", 2, 1);
      collect(store, "demo:vm-2", 2, 2);
    }
    Path journal = temp.resolve("history").resolve(SeriesRegistry.FILE);
    byte[] bytes = Files.readAllBytes(journal);
    Files.write(journal, java.util.Arrays.copyOf(bytes, bytes.length - 3));

    try (EmbeddedHistoryStore store = open()) {
      assertThat(store.metrics("demo:vm-1")).containsExactly(CPU);
      assertThat(store.metrics("demo:vm-2")).isEmpty();
      collect(store, "demo:vm-3", 2, 3);
      assertThat(point(store.read("demo:vm-3", CPU, TimeRange.HOUR, Instant.ofEpochSecond(T0 + 120)), T0 + 120).avg()).isEqualTo(3);
    }
    try (EmbeddedHistoryStore store = open()) {
      assertThat(store.metrics("demo:vm-3")).containsExactly(CPU);
    }
  }

  @Test
  void aDamagedPartitionIsMovedAsideAndTheStoreGoesOn() throws IOException {
    try (EmbeddedHistoryStore store = open()) {
      collect(store, "demo:vm-1", 2, 1);
    }
    Path partition;
    try (Stream<Path> files = Files.walk(temp.resolve("history").resolve(EmbeddedHistoryStore.TIERS))) {
      partition = files.filter(p -> p.getFileName().toString().startsWith("20-")).findFirst().orElseThrow();
    }
    Files.write(partition, new byte[] {1, 2, 3});

    try (EmbeddedHistoryStore store = open()) {
      assertThat(store.read("demo:vm-1", CPU, TimeRange.HOUR, Instant.ofEpochSecond(T0 + 120)).points()).allSatisfy(p -> assertThat(p.avg()).isNaN());
      store.write("demo:vm-1", Map.of(CPU, samples(T0 + 140, 7)));
      assertThat(point(store.read("demo:vm-1", CPU, TimeRange.HOUR, Instant.ofEpochSecond(T0 + 140)), T0 + 140).avg()).isEqualTo(7);
    }
    try (Stream<Path> files = Files.list(partition.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith(partition.getFileName() + ".corrupt-"));
    }
  }

  @ParameterizedTest
  @EnumSource(value = TimeRange.class, names = {"HOUR", "DAY", "WEEK"})
  void theTopEntitiesAreThoseWhoseSeriesAverageHighest(TimeRange range) {
    clock.set(Instant.ofEpochSecond(T0 + 7_200));
    Random random = new Random(7);
    List<String> vms = new ArrayList<>();
    try (EmbeddedHistoryStore store = open()) {
      for (int v = 0; v < 40; v++) {
        String vm = "demo:vm-" + v;
        vms.add(vm);
        List<Sample> samples = new ArrayList<>();
        for (int k = 1; k <= 330; k++) {
          if (random.nextInt(10) > 0) { // gaps too
            samples.add(new Sample(T0 + 20L * k, random.nextDouble() * 100));
          }
        }
        List<Sample> constant = samples.stream().map(x -> new Sample(x.epochSecond(), 1_000)).toList();
        store.write(vm, Map.of(CPU, samples, "net.rx[vmnic0]", constant));
      }
      store.write("demo:host-1", Map.of(CPU, samples(T0 + 20, 1_000_000))); // not asked for
      List<String> asked = vms.subList(0, 30);
      Instant end = Instant.ofEpochSecond(T0 + 6_600);

      for (int pass = 0; pass < 2; pass++) {
        List<Ranked> top = store.top(CPU, asked, range, end, 5);

        // the same ranking from each series as read() returns it
        List<Ranked> expected = new ArrayList<>();
        for (String vm : asked) {
          double[] known = store.read(vm, CPU, range, end).points().stream().mapToDouble(Series.Point::avg).filter(d -> !Double.isNaN(d)).toArray();
          if (known.length > 0) {
            expected.add(new Ranked(vm, java.util.Arrays.stream(known).average().orElseThrow()));
          }
        }
        expected.sort(Comparator.comparingDouble(Ranked::value).reversed());
        assertThat(top).hasSize(5);
        for (int i = 0; i < 5; i++) {
          assertThat(top.get(i).entityId()).isEqualTo(expected.get(i).entityId());
          assertThat(top.get(i).value()).isCloseTo(expected.get(i).value(), within(1e-9));
        }
        store.maintain(); // the second pass reads the rollups from their files
      }
      assertThat(store.top("net.rx[vmnic0]", vms, range, end, 100)).hasSize(40).allSatisfy(r -> assertThat(r.value()).isEqualTo(1_000));
      assertThat(store.top("mem.usage", vms, range, end, 3)).isEmpty();
    }
  }

  @Test
  void theHistoryOfTheRrdStoreIsImportedAndReadsTheSame() throws IOException {
    Path dir = temp.resolve("history");
    clock.set(Instant.ofEpochSecond(T0 + 86_400 + 600));
    List<String> metrics = List.of(CPU, "net.rx[vmnic0]");
    Map<String, Series> before = new java.util.HashMap<>();
    try (RrdHistoryStore legacy = RrdHistoryStore.open(dir, clock, Duration.ZERO)) {
      for (String metric : metrics) {
        List<Sample> day = new ArrayList<>();
        for (int k = 1; k <= 4_320; k++) {
          day.add(new Sample(T0 + 20L * k, k % 7 + (metric.equals(CPU) ? 0 : 100)));
        }
        legacy.write("demo:vm-1", Map.of(metric, day));
      }
    }
    // samples still in the write-ahead log of a store that was killed
    RrdHistoryStore killed = RrdHistoryStore.open(dir, clock, Duration.ofMinutes(5), false);
    killed.write("demo:vm-1", Map.of(CPU, samples(T0 + 86_420, 50, 60, 70)));
    Instant end = clock.instant();
    for (String metric : metrics) {
      for (TimeRange range : TimeRange.values()) {
        before.put(metric + range, killed.read("demo:vm-1", metric, range, end));
      }
    }

    try (EmbeddedHistoryStore store = open()) {
      assertThat(store.metrics("demo:vm-1")).containsExactlyElementsOf(metrics);
      assertThat(store.lastTimestamp("demo:vm-1", CPU)).hasValue(T0 + 86_460);
      assertThat(store.lastTimestamp("demo:vm-1", "net.rx[vmnic0]")).hasValue(T0 + 86_400);
      for (String metric : metrics) {
        for (TimeRange range : TimeRange.values()) {
          List<Series.Point> expected = before.get(metric + range).points();
          List<Series.Point> actual = store.read("demo:vm-1", metric, range, end).points();
          assertThat(actual).hasSameSizeAs(expected);
          for (int i = 0; i < expected.size(); i++) {
            Series.Point e = expected.get(i);
            Series.Point a = actual.get(i);
            assertThat(a.epochSecond()).isEqualTo(e.epochSecond());
            if (Double.isNaN(e.avg())) {
              assertThat(a.avg()).as("%s %s at %d", metric, range, e.epochSecond()).isNaN();
            } else {
              assertThat(a.avg()).as("%s %s at %d", metric, range, e.epochSecond()).isCloseTo(e.avg(), within(1e-9));
              assertThat(a.max()).isCloseTo(e.max(), within(1e-9));
            }
          }
        }
      }
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
          EmbeddedHistoryStore.TIERS, SeriesRegistry.FILE, StoreState.FILE);
    }
  }
}
