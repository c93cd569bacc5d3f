package dev.vscope.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.Json;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One vCenter's events on disk: {@code <storage.path>/events/<vcenter>/<yyyy-MM-dd>.jsonl}, a file
 * per UTC day of the events' time, one JSON {@link Event} per line, appended in key order. Plain
 * text that {@code grep} and {@code jq} read, and that a year of a busy vCenter (a few thousand kept
 * events a day, about 400 bytes each) keeps to a few hundred megabytes.
 *
 * <p>Crash safety. {@link #append} writes the lines of one day, then forces them to disk (fsync,
 * and the directory's for a new file) before it writes the next day's, and returns only then: the
 * events it was given are on disk, or a prefix of them is. A crash while writing leaves, at worst,
 * a last line without its newline; readers skip it (a line counts once its newline is written),
 * and the first append to that file after a restart cuts it off. The collector resumes from the
 * newest whole line ({@link #position}), so the events after it are read from vCenter again: none
 * is lost, none is kept twice. Pruning deletes whole files, each of one day.
 *
 * <p>Thread-safety: appends, pruning and {@link #position} are serialized; {@link #newest} runs
 * concurrently with them, and sees a line once it is whole.
 */
public final class EventJournal {

  static final String SUFFIX = ".jsonl";

  private static final ObjectMapper READER = Json.mapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  /** Newest first: the later time, then the higher key. */
  static final Comparator<Event> NEWEST_FIRST = Comparator.comparing(Event::time).thenComparingLong(Event::key).reversed();

  private final Path dir;
  /** Files whose end was checked for a cut line since this run started. */
  private final Set<Path> checked = new HashSet<>();
  private Position position;
  private boolean positionRead;

  /** Where reading resumes: the newest whole line's key, and the newest time kept. */
  public record Position(long key, Instant time) {}

  EventJournal(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /**
   * The highest key kept and the newest time, from the last whole line of every file (each file's
   * lines are in key order); null when nothing is kept. Read from disk once, then kept up to date
   * by {@link #append}.
   */
  public synchronized Position position() throws IOException {
    if (!positionRead) {
      for (Path file : files()) {
        Event last = last(file);
        if (last != null) {
          position = newer(position, last);
        }
      }
      positionRead = true;
    }
    return position;
  }

  /**
   * Appends events, oldest first; each goes to the file of its day. Returns once they are on disk.
   *
   * @throws IOException when they cannot be written (a full disk): those of the days written
   *     before stay, and {@link #position} tells where the next read starts
   */
  public synchronized void append(List<Event> events) throws IOException {
    if (events.isEmpty()) {
      return;
    }
    position();
    Files.createDirectories(dir);
    int from = 0;
    while (from < events.size()) {
      LocalDate day = day(events.get(from).time());
      int to = from;
      StringBuilder lines = new StringBuilder();
      while (to < events.size() && day(events.get(to).time()).equals(day)) {
        lines.append(Json.mapper().writeValueAsString(events.get(to))).append('\n');
        to++;
      }
      write(file(day), lines.toString().getBytes(StandardCharsets.UTF_8));
      for (int i = from; i < to; i++) {
        position = newer(position, events.get(i));
      }
      from = to;
    }
  }

  private void write(Path file, byte[] bytes) throws IOException {
    boolean created = !Files.exists(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      if (checked.add(file)) {
        cutTornLine(ch);
      }
      ch.position(ch.size());
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        ch.write(buffer);
      }
      ch.force(false);
    }
    if (created) {
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true); // the new file's name reaches the disk with its directory
      }
    }
  }

  /** Cuts what follows the last newline: a line a crash left half written. */
  private static void cutTornLine(FileChannel ch) throws IOException {
    long size = ch.size();
    long end = size;
    ByteBuffer one = ByteBuffer.allocate(1);
    while (end > 0) {
      one.clear();
      ch.read(one, end - 1);
      if (one.get(0) == '\n') {
        break;
      }
      end--;
    }
    if (end < size) {
      ch.truncate(end);
    }
  }

  /**
   * Deletes the files of the days before {@code oldestKept}.
   *
   * @return how many files were deleted
   */
  public synchronized int prune(LocalDate oldestKept) throws IOException {
    int deleted = 0;
    for (Path file : files()) {
      LocalDate day = dayOf(file);
      if (day != null && day.isBefore(oldestKept) && Files.deleteIfExists(file)) {
        checked.remove(file);
        deleted++;
      }
    }
    return deleted;
  }

  /**
   * The newest events that {@code filter} accepts, created at or after {@code since} (null: any),
   * newest first, at most {@code limit}. Reads the newest day first and stops at the first day that
   * completes the answer; memory holds {@code limit} events, however large a day.
   */
  public List<Event> newest(Predicate<Event> filter, Instant since, int limit) throws IOException {
    PriorityQueue<Event> kept = new PriorityQueue<>(NEWEST_FIRST.reversed()); // the oldest kept on top
    LocalDate first = since == null ? null : day(since);
    List<Path> files = files();
    files.sort(Comparator.reverseOrder()); // ISO dates sort as text
    for (Path file : files) {
      LocalDate day = dayOf(file);
      if (day == null || first != null && day.isBefore(first)) {
        continue;
      }
      forEach(file, e -> {
        if ((since == null || !e.time().isBefore(since)) && filter.test(e)) {
          kept.add(e);
          if (kept.size() > limit) {
            kept.poll();
          }
        }
      });
      // every event of an older file is older than all of this one's
      if (kept.size() >= limit) {
        break;
      }
    }
    List<Event> out = new ArrayList<>(kept);
    out.sort(NEWEST_FIRST);
    return out;
  }

  /** The events of one file in file order; lines that are not events (damage) are skipped. */
  private static void forEach(Path file, Consumer<Event> sink) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
      JsonLines.read(in, line -> {
        Event e = parse(line);
        if (e != null) {
          sink.accept(e);
        }
      });
    } catch (NoSuchFileException ignored) {
      // pruned meanwhile
    }
  }

  private static Event last(Path file) throws IOException {
    Event[] last = {null};
    forEach(file, e -> last[0] = e);
    return last[0];
  }

  static Event parse(String line) {
    try {
      return READER.readValue(line, Event.class);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static Position newer(Position p, Event e) {
    if (p == null) {
      return new Position(e.key(), e.time());
    }
    return new Position(Math.max(p.key(), e.key()), e.time().isAfter(p.time()) ? e.time() : p.time());
  }

  private List<Path> files() throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      ds.forEach(out::add);
    }
    return out;
  }

  private Path file(LocalDate day) {
    return dir.resolve(day + SUFFIX);
  }

  static LocalDate day(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC);
  }

  private static LocalDate dayOf(Path file) {
    String name = file.getFileName().toString();
    try {
      return LocalDate.parse(name.substring(0, name.length() - SUFFIX.length()));
    } catch (DateTimeParseException | IndexOutOfBoundsException e) {
      return null; // not one of ours
    }
  }
}
