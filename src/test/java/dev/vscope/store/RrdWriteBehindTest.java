package dev.vscope.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vscope.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrd4j.core.RrdDb;

/**
 * What the default flush interval adds to the store's contract: samples wait in memory and in the
 * write-ahead log, every read sees them, the files catch up in turns, and a store that was never
 * closed (a killed process) loses nothing. The files are checked with rrd4j itself, not through
 * the store.
 */
class RrdWriteBehindTest {

  /** 2023-11-15T00:00:00Z. */
  private static final long T0 = 1_700_006_400L;

  private static final String CPU = "cpu.usage";
  private static final String MEM = "mem.usage";
  private static final long FLUSH = 300;

  @TempDir Path dir;

  private MutableClock clock;
  private final List<RrdHistoryStore> stores = new ArrayList<>();

  @BeforeEach
  void setUp() {
    clock = new MutableClock(Instant.ofEpochSecond(T0));
  }

  @AfterEach
  void tearDown() {
    stores.forEach(RrdHistoryStore::close);
  }

  private RrdHistoryStore open() {
    RrdHistoryStore store = RrdHistoryStore.open(dir, clock, Duration.ofSeconds(FLUSH));
    stores.add(store);
    return store;
  }

  private static String vm(int i) {
    return "demo:vm-" + i;
  }

  /** One collection cycle's samples: three 20-s steps ending at {@code end}, value = slot / 20. */
  private static Map<String, List<Sample>> cycle(long end) {
    List<Sample> cpu = new ArrayList<>();
    List<Sample> mem = new ArrayList<>();
    for (long t = end - 40; t <= end; t += 20) {
      cpu.add(new Sample(t, t / 20 % 1000));
      mem.add(new Sample(t, t / 20 % 100));
    }
    return Map.of(CPU, cpu, MEM, mem);
  }

  private Path file(String entity, String metric) {
    return dir.resolve(FileNames.encode(entity)).resolve(FileNames.encode(metric) + ".rrd");
  }

  /** The last update time of a metric's file, read by rrd4j directly. */
  private long lastInFile(String entity, String metric) throws IOException {
    try (RrdDb db = RrdDb.getBuilder().setPath(file(entity, metric).toString()).readOnly().build()) {
      return db.getLastUpdateTime();
    }
  }

  private static double valueAt(RrdHistoryStore store, String entity, String metric, long t) {
    return store.read(entity, metric, TimeRange.HOUR, Instant.ofEpochSecond(t)).points().stream()
        .filter(p -> p.epochSecond() == t)
        .findFirst()
        .orElseThrow()
        .avg();
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve(".wal"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".wal")).sorted().toList();
    }
  }

  @Test
  void samplesWaitOutsideTheFileUntilTheWindowClosesAndEveryReadSeesThem() throws IOException {
    RrdHistoryStore store = open();
    long t = T0 + 60;
    store.write(vm(1), cycle(t));
    // a new metric gets its file at once, with the samples it came with
    assertThat(lastInFile(vm(1), CPU)).isEqualTo(t);
    byte[] filed = Files.readAllBytes(file(vm(1), CPU));

    int cyclesUntilWritten = 0;
    while (Arrays.equals(Files.readAllBytes(file(vm(1), CPU)), filed)) {
      t += 60;
      clock.set(Instant.ofEpochSecond(t));
      store.write(vm(1), cycle(t));
      store.flushDue(); // what the flusher does once the writers are idle
      cyclesUntilWritten++;
      assertThat(store.lastTimestamp(vm(1), CPU)).hasValue(t);
      assertThat(valueAt(store, vm(1), CPU, t)).isEqualTo(t / 20 % 1000);
      assertThat(valueAt(store, vm(1), MEM, t - 20)).isEqualTo((t - 20) / 20 % 100);
      assertThat(cyclesUntilWritten).isLessThanOrEqualTo((int) (FLUSH / 60) + 1);
    }
    // written when the window closed: everything up to this cycle is in the file
    assertThat(lastInFile(vm(1), CPU)).isEqualTo(t);
    assertThat(lastInFile(vm(1), MEM)).isEqualTo(t);
  }

  @Test
  void aStoreThatWasNeverClosedLosesNothing() throws IOException {
    RrdHistoryStore killed = open();
    long t = T0 + 60;
    for (int c = 0; c < 12; c++, t += 60) {
      clock.set(Instant.ofEpochSecond(t));
      for (int i = 0; i < 20; i++) {
        killed.write(vm(i), cycle(t));
      }
    }
    long last = t - 60;
    assertThat(segments()).isNotEmpty();
    stores.remove(killed); // as after kill -9: never closed, nothing flushed

    RrdHistoryStore restarted = open();
    for (int i = 0; i < 20; i++) {
      assertThat(restarted.lastTimestamp(vm(i), CPU)).hasValue(last);
      for (long s = T0 + 20; s <= last; s += 20) {
        assertThat(valueAt(restarted, vm(i), CPU, s)).as("%s at %d", vm(i), s).isEqualTo(s / 20 % 1000);
      }
    }
    restarted.close();
    for (int i = 0; i < 20; i++) {
      assertThat(lastInFile(vm(i), CPU)).isEqualTo(last);
      assertThat(lastInFile(vm(i), MEM)).isEqualTo(last);
    }
    assertThat(segments()).isEmpty();
  }

  @Test
  void aRecordTornByACrashEndsTheReplayOfItsSegmentAndNothingElse() throws IOException {
    RrdHistoryStore killed = open();
    long t = T0 + 60;
    killed.write(vm(1), cycle(t)); // creates the files
    killed.write(vm(1), cycle(t + 60)); // waits in the log
    stores.remove(killed);
    Path segment = segments().get(segments().size() - 1);
    long intact = Files.size(segment);
    // the start of a record that never got its body, as when the process dies mid-write
    Files.write(segment, new byte[] {0, 0, 1, 0, 7, 7}, StandardOpenOption.APPEND);

    RrdHistoryStore restarted = open();
    assertThat(restarted.lastTimestamp(vm(1), CPU)).hasValue(t + 60);
    assertThat(valueAt(restarted, vm(1), CPU, t + 40)).isEqualTo((t + 40) / 20 % 1000);
    assertThat(intact).isPositive();

    // a record whose bytes were changed is refused as a whole: its checksum no longer matches
    restarted.write(vm(2), cycle(t));
    restarted.write(vm(2), cycle(t + 60));
    stores.remove(restarted);
    Path last = segments().get(segments().size() - 1);
    byte[] bytes = Files.readAllBytes(last);
    bytes[bytes.length - 1] ^= 0x55; // inside the value of vm-2's last sample
    Files.write(last, bytes);
    RrdHistoryStore again = open();
    assertThat(again.lastTimestamp(vm(2), CPU)).hasValue(t); // the file's, not the damaged record's
    assertThat(again.lastTimestamp(vm(1), CPU)).hasValue(t + 60);
  }

  @Test
  void entitiesAreFiledInTurnsAndTheLogStaysSmall() throws IOException {
    RrdHistoryStore store = open();
    int entities = 300;
    long t = T0 + 60;
    for (int i = 0; i < entities; i++) {
      store.write(vm(i), cycle(t));
    }
    Map<String, Long> lastFiled = new HashMap<>();
    List<Integer> filedPerCycle = new ArrayList<>();
    for (int c = 0; c < 15; c++) {
      t += 60;
      clock.set(Instant.ofEpochSecond(t));
      int filed = 0;
      for (int i = 0; i < entities; i++) {
        store.write(vm(i), cycle(t));
      }
      store.flushDue();
      for (int i = 0; i < entities; i++) {
        long last = lastInFile(vm(i), CPU);
        Long before = lastFiled.put(vm(i), last);
        if (before != null && before != last) {
          filed++;
        }
        // the file is never further behind than one flush interval
        assertThat(t - last).as(vm(i)).isLessThanOrEqualTo(FLUSH);
      }
      filedPerCycle.add(filed);
      assertThat(segments().size()).isLessThanOrEqualTo(3);
    }
    // a cycle every 60 s with a 300-s interval: about a fifth of the entities' files per cycle
    for (int filed : filedPerCycle.subList(5, filedPerCycle.size())) {
      assertThat(filed).as("files written per cycle: %s", filedPerCycle).isBetween(entities / 10, entities * 2 / 5);
    }
  }

  @Test
  void theFlusherWritesTheFilesOnItsOwnOnceTheWritersAreIdle() throws Exception {
    RrdHistoryStore store = open();
    long t = T0 + 60;
    for (int i = 0; i < 50; i++) {
      store.write(vm(i), cycle(t));
    }
    // ten minutes of cycles: every entity's window closes at least once
    for (long now = t + 60; now <= t + 600; now += 60) {
      clock.set(Instant.ofEpochSecond(now));
      for (int i = 0; i < 50; i++) {
        store.write(vm(i), cycle(now));
      }
    }
    long deadline = System.nanoTime() + 30_000_000_000L;
    int behind = 50;
    while (behind > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      behind = 0;
      for (int i = 0; i < 50; i++) {
        behind += lastInFile(vm(i), CPU) < t + 600 - FLUSH ? 1 : 0;
      }
    }
    assertThat(behind).as("entities whose file is more than a window behind").isZero();
  }

  @Test
  void aFileTheFlusherCannotWriteIsReportedToTheNextWriteAndRetriedThere() throws IOException {
    RrdHistoryStore store = open();
    long t = T0 + 60;
    store.write(vm(1), cycle(t));
    Path file = file(vm(1), CPU);
    // something that cannot be opened as a file stands where the file was
    Files.delete(file);
    Files.createDirectory(file);
    long now = t;
    StoreException reported = null;
    while (reported == null && now < t + 3 * FLUSH) {
      now += 60;
      clock.set(Instant.ofEpochSecond(now));
      try {
        store.write(vm(1), cycle(now));
      } catch (StoreException e) {
        reported = e;
      }
      store.flushDue();
    }
    // accepted into the log until the flusher met the directory; the next write heard of it
    assertThat(reported).isNotNull().hasMessageContaining(file.toString());
    assertThat(store.backlog().failingEntities()).isOne();
    assertThat(store.backlog().waitingEntities()).isOne();
    // nothing accepted was lost meanwhile
    assertThat(valueAt(store, vm(1), MEM, now - 60)).isEqualTo((now - 60) / 20 % 100);

    Files.delete(file);
    now += 60;
    clock.set(Instant.ofEpochSecond(now));
    store.write(vm(1), cycle(now)); // retried at once: the file is created with what waited
    assertThat(lastInFile(vm(1), CPU)).isEqualTo(now);
    assertThat(store.backlog()).isEqualTo(new RrdHistoryStore.Backlog(0, 0, store.backlog().logSegments()));
    assertThat(valueAt(store, vm(1), CPU, t + 20)).isEqualTo((t + 20) / 20 % 1000);
  }

  @Test
  void anEntityWhoseFileCannotBeWrittenDoesNotKeepTheLogGrowing() throws IOException {
    RrdHistoryStore store = open();
    long t = T0 + 60;
    for (int i = 0; i < 10; i++) {
      store.write(vm(i), cycle(t));
    }
    Files.delete(file(vm(0), CPU));
    Files.createDirectory(file(vm(0), CPU)); // vm-0's cpu.usage can never be written again
    for (long now = t + 60; now <= t + 3 * 3_600; now += 60) {
      clock.set(Instant.ofEpochSecond(now));
      for (int i = 0; i < 10; i++) {
        try {
          store.write(vm(i), cycle(now));
        } catch (StoreException e) {
          assertThat(i).isZero();
        }
      }
      store.flushDue();
      assertThat(segments().size()).as("segments after %d s", now - t).isLessThanOrEqualTo(4);
    }
    // what vm-0 had waiting when its file went away was carried from segment to segment: after a
    // restart (and the obstacle gone) it is still there
    stores.remove(store);
    Files.delete(file(vm(0), CPU));
    RrdHistoryStore restarted = open();
    assertThat(restarted.lastTimestamp(vm(0), CPU).orElseThrow()).isGreaterThan(t);
    assertThat(restarted.lastTimestamp(vm(9), CPU)).hasValue(t + 3 * 3_600);
  }

  @Test
  void anEntityNoLongerWrittenIsFiledAfterTwoIntervals() throws IOException {
    RrdHistoryStore store = open();
    long t = T0 + 60;
    store.write(vm(1), cycle(t));
    store.write(vm(2), cycle(t));
    store.write(vm(1), cycle(t + 60)); // vm-1 is removed after this
    for (long now = t + 60; now <= t + 60 + 3 * FLUSH; now += 60) {
      clock.set(Instant.ofEpochSecond(now));
      store.write(vm(2), cycle(now));
      store.flushDue();
    }
    assertThat(lastInFile(vm(1), CPU)).isEqualTo(t + 60);
  }

  @Test
  void pruningFilesWhatIsPendingBeforeJudgingItsAge() throws IOException {
    RrdHistoryStore store = open();
    long t = T0 + 60;
    store.write(vm(1), cycle(t));
    store.write(vm(1), cycle(t + 60)); // pending
    assertThat(store.pruneNotUpdatedSince(Instant.ofEpochSecond(t + 1))).isZero();
    assertThat(lastInFile(vm(1), CPU)).isEqualTo(t + 60);
    assertThat(store.pruneNotUpdatedSince(Instant.ofEpochSecond(t + 61))).isOne();
    assertThat(store.metrics(vm(1))).isEmpty();
  }

  @Test
  void theFlushIntervalIsZeroOrAMultipleOfTwentySecondsUpToAnHour() {
    for (Duration bad : List.of(Duration.ofSeconds(30), Duration.ofSeconds(-20), Duration.ofHours(2), Duration.ofMillis(20_500))) {
      assertThatThrownBy(() -> RrdHistoryStore.open(dir, clock, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("flush interval");
    }
  }

  @Test
  void openingWithoutAFlushIntervalFilesWhatTheLogHolds() throws IOException {
    RrdHistoryStore killed = open();
    killed.write(vm(1), cycle(T0 + 60));
    killed.write(vm(1), cycle(T0 + 120));
    stores.remove(killed);
    RrdHistoryStore direct = RrdHistoryStore.open(dir, clock, Duration.ZERO);
    stores.add(direct);
    assertThat(lastInFile(vm(1), CPU)).isEqualTo(T0 + 120);
    assertThat(segments()).hasSize(1); // the new, empty segment of this store
    assertThat(Files.size(segments().get(0))).isZero();
  }
}
