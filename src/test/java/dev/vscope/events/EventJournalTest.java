package dev.vscope.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal on real files: day files, newest first, a restart, a crash in the middle of a line, pruning. */
class EventJournalTest {

  @TempDir
  Path dir;

  static Event event(long key, String time, EventType type, String vm) {
    return new Event("prod", key, Instant.parse(time), type, "VmPoweredOnEvent", "alice", "vm " + vm + " event " + key,
        new Event.Ref("subject", "prod:" + vm, vm, "vm"), new Event.Ref("datacenter", "prod:datacenter-2", "DC0", "datacenter"),
        List.of(new Event.Ref("host", "prod:host-1", "esx1", "host")));
  }

  static Event on(long key, String time) {
    return event(key, time, EventType.POWER_ON, "vm-1");
  }

  private EventJournal journal() {
    return new EventJournal(dir.resolve("events").resolve("prod"));
  }

  private static List<Long> keys(List<Event> events) {
    return events.stream().map(Event::key).toList();
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("events").resolve("prod"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void eventsGoToTheFileOfTheirDayAndComeBackNewestFirst() throws Exception {
    EventJournal j = journal();
    j.append(List.of(on(1, "2026-11-30T23:59:59Z"), on(2, "2026-12-01T00:00:00Z"), on(3, "2026-12-01T10:00:00Z")));
    j.append(List.of(on(7, "2026-12-03T08:00:00Z")));
    assertThat(files()).containsExactly("2026-11-30.jsonl", "2026-12-01.jsonl", "2026-12-03.jsonl");
    assertThat(Files.readAllLines(dir.resolve("events/prod/2026-12-01.jsonl"))).hasSize(2).allMatch(l -> l.startsWith("{") && l.endsWith("}"));

    assertThat(keys(j.newest(e -> true, null, 10))).containsExactly(7L, 3L, 2L, 1L);
    assertThat(keys(j.newest(e -> true, null, 2))).containsExactly(7L, 3L);
    assertThat(keys(j.newest(e -> e.key() % 2 == 1, null, 10))).containsExactly(7L, 3L, 1L);
    assertThat(keys(j.newest(e -> true, Instant.parse("2026-12-01T05:00:00Z"), 10))).containsExactly(7L, 3L);
    assertThat(j.newest(e -> true, null, 10).get(0)).isEqualTo(on(7, "2026-12-03T08:00:00Z"));
  }

  @Test
  void aRestartResumesFromTheHighestKeyAndTheNewestTime() throws Exception {
    assertThat(journal().position()).isNull();
    EventJournal j = journal();
    // an event recorded late, with an older time, lands in an older day's file with a higher key
    j.append(List.of(on(10, "2026-12-02T10:00:00Z"), on(11, "2026-12-03T09:00:00Z")));
    j.append(List.of(on(12, "2026-12-02T23:00:00Z")));
    assertThat(j.position()).isEqualTo(new EventJournal.Position(12, Instant.parse("2026-12-03T09:00:00Z")));
    assertThat(journal().position()).as("read back from disk").isEqualTo(new EventJournal.Position(12, Instant.parse("2026-12-03T09:00:00Z")));
  }

  @Test
  void aLineACrashCutShortIsSkippedThenCutOffByTheNextAppend() throws Exception {
    EventJournal j = journal();
    j.append(List.of(on(1, "2026-12-01T10:00:00Z"), on(2, "2026-12-01T11:00:00Z")));
    Path file = dir.resolve("events/prod/2026-12-01.jsonl");
    String whole = Files.readString(file);
    String third = whole.lines().toList().get(1).replace("\"key\":2", "\"key\":3");
    // the crash: half of the third line written, no newline
    Files.writeString(file, third.substring(0, third.length() / 2), StandardOpenOption.APPEND);

    EventJournal restarted = journal();
    assertThat(keys(restarted.newest(e -> true, null, 10))).containsExactly(2L, 1L);
    assertThat(restarted.position().key()).as("resumes after the last whole line").isEqualTo(2L);
    restarted.append(List.of(on(3, "2026-12-01T12:00:00Z")));
    assertThat(Files.readString(file)).isEqualTo(whole + Files.readAllLines(file).get(2) + "\n");
    assertThat(Files.readAllLines(file)).hasSize(3);
    assertThat(keys(journal().newest(e -> true, null, 10))).containsExactly(3L, 2L, 1L);
  }

  @Test
  void damageInsideAFileCostsOnlyTheDamagedLines() throws Exception {
    EventJournal j = journal();
    j.append(List.of(on(1, "2026-12-01T10:00:00Z")));
    Path file = dir.resolve("events/prod/2026-12-01.jsonl");
    Files.write(file, ("not json\n{\"key\":5}\n" + "x".repeat(JsonLines.MAX_LINE_BYTES + 10) + "\n").getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);
    j.append(List.of(on(2, "2026-12-01T11:00:00Z")));
    assertThat(keys(journal().newest(e -> true, null, 10))).containsExactly(2L, 1L);
    Files.writeString(dir.resolve("events/prod/notes.jsonl"), "a file that is not a day's\n");
    assertThat(keys(journal().newest(e -> true, null, 10))).containsExactly(2L, 1L);
  }

  @Test
  void pruningDeletesTheDaysBeforeTheOldestKept() throws Exception {
    EventJournal j = journal();
    j.append(List.of(on(1, "2026-10-01T10:00:00Z"), on(2, "2026-10-31T10:00:00Z"), on(3, "2026-11-01T00:00:00Z"), on(4, "2026-12-01T00:00:00Z")));
    assertThat(j.prune(LocalDate.parse("2026-11-01"))).isEqualTo(2);
    assertThat(files()).containsExactly("2026-11-01.jsonl", "2026-12-01.jsonl");
    assertThat(keys(j.newest(e -> true, null, 10))).containsExactly(4L, 3L);
    assertThat(j.prune(LocalDate.parse("2026-11-01"))).isZero();
  }

  @Test
  void theArchiveMergesTheVcentersNewestFirst() throws Exception {
    EventArchive archive = new EventArchive(dir, List.of("prod", "lab"));
    archive.journal("prod").append(List.of(on(100, "2026-12-01T10:00:00Z"), on(101, "2026-12-01T12:00:00Z")));
    Event lab = new Event("lab", 5, Instant.parse("2026-12-01T11:00:00Z"), EventType.ALARM, "AlarmStatusChangedEvent", null, "alarm",
        new Event.Ref("subject", "lab:host-9", "esx9", "host"), null, List.of());
    archive.journal("lab").append(List.of(lab));
    assertThat(archive.newest(e -> true, null, 10)).extracting(Event::vcenter, Event::key)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("prod", 101L), org.assertj.core.groups.Tuple.tuple("lab", 5L),
            org.assertj.core.groups.Tuple.tuple("prod", 100L));
    assertThat(archive.newest(e -> true, null, 1)).extracting(Event::key).containsExactly(101L);
    assertThat(archive.newest(e -> e.involves("lab:host-9"), null, 10)).containsExactly(lab);
  }
}
