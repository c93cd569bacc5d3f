package dev.vscope.store;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal of samples that {@link RrdHistoryStore} accepted but has not yet written into their
 * RRD files: append-only segment files {@code <directory>/<sequence>.wal}, replayed when the store
 * opens. It is what lets the store write each RRD file only every few minutes without losing the
 * samples in between to a {@code kill -9}.
 *
 * <p>Written by hand because no kept-up Java library offers a small embeddable log of this shape
 * (the journals of databases come with their database), and the format is a dozen lines: each
 * record is {@code int length, int CRC-32C, payload}, the payload one entity's samples: {@code
 * entity (UTF), metric count, then per metric: name (UTF), sample count, (long epoch second,
 * double value)...}. A record reaches the file with one positional write; a record that a crash
 * tore (short, or a CRC that does not match) ends the replay of its segment, and later segments
 * are still read. No {@code fsync}: like the RRD files, the log survives the process being killed,
 * not a power cut (the kernel writes it out within about 30 s).
 *
 * <p>Segments are released from the oldest on: the store {@link #retain retains} the segment of
 * an entity's oldest unwritten record and {@link #release releases} it once the entity's files
 * hold everything; a segment is deleted when it and every older one are released (an entity's
 * later records can sit in newer segments, which therefore wait for the older ones). The current
 * segment is closed and a new one started once it is {@link #segmentSeconds} old or {@link
 * #MAX_SEGMENT_BYTES} long.
 *
 * <p>Thread-safe: appends are serialized.
 */
final class WriteAheadLog implements Closeable {

  /** One metric's samples in a record: 20-s slots ascending, values ({@code NaN} = unknown). */
  record MetricSamples(String metric, long[] slots, double[] values) {}

  /** Receives the records found when the log is opened, oldest first. */
  interface Replay {
    void accept(long segment, String entityId, List<MetricSamples> samples);
  }

  static final String SUFFIX = ".wal";
  static final long MAX_SEGMENT_BYTES = 64L << 20;
  private static final int MAX_RECORD_BYTES = 64 << 20;
  private static final Logger logger = LoggerFactory.getLogger(WriteAheadLog.class);

  private final Path directory;
  private final Clock clock;
  private final long segmentSeconds;
  /** Segments not yet deleted, oldest first, with the number of entities retaining each. */
  private final TreeMap<Long, Integer> retained = new TreeMap<>();
  private long current;
  private FileChannel channel;
  private long size;
  private long openedAt;

  private WriteAheadLog(Path directory, Clock clock, long segmentSeconds) {
    this.directory = directory;
    this.clock = clock;
    this.segmentSeconds = segmentSeconds;
  }

  /**
   * Opens the log in {@code directory} (created if needed): replays every record of the segments
   * found there, then starts a new segment for appends. The caller {@link #retain retains} what it
   * keeps of the replayed records, then calls {@link #deleteReleased}.
   *
   * @throws IOException when the directory or a segment cannot be read, or the new segment created
   */
  static WriteAheadLog open(Path directory, Clock clock, long segmentSeconds, Replay replay)
      throws IOException {
    Files.createDirectories(directory);
    WriteAheadLog log = new WriteAheadLog(directory, clock, segmentSeconds);
    long last = 0;
    for (long segment : segments(directory)) {
      log.retained.put(segment, 0);
      readSegment(log.file(segment), segment, replay);
      last = segment;
    }
    log.start(last + 1);
    return log;
  }

  /**
   * Appends one entity's samples and returns the segment that holds them; with {@code retain},
   * also {@link #retain retains} that segment, in the same step (a segment released in between
   * could be deleted). On failure nothing of the record is left in the log (the segment is cut back
   * to where it was) and nothing is retained.
   */
  synchronized long append(String entityId, List<MetricSamples> samples, boolean retain) throws IOException {
    if (channel == null) {
      throw new IOException("the write-ahead log is closed");
    }
    byte[] record = encode(entityId, samples);
    if (size > 0
        && (size + record.length > MAX_SEGMENT_BYTES
            || clock.instant().getEpochSecond() - openedAt >= segmentSeconds)) {
      channel.close();
      start(current + 1);
    }
    ByteBuffer buffer = ByteBuffer.wrap(record);
    try {
      long position = size;
      while (buffer.hasRemaining()) {
        position += channel.write(buffer, position);
      }
    } catch (IOException e) {
      try {
        channel.truncate(size);
      } catch (IOException suppressed) {
        // the torn record fails its CRC on replay and ends that segment's replay: start a new one
        e.addSuppressed(suppressed);
        channel.close();
        start(current + 1);
      }
      throw e;
    }
    size += record.length;
    if (retain) {
      retain(current);
    }
    return current;
  }

  /** An entity's oldest unwritten record is in {@code segment}. */
  synchronized void retain(long segment) {
    retained.merge(segment, 1, Integer::sum);
  }

  /** The entity that retained {@code segment} has all its samples in its files now. */
  synchronized void release(long segment) {
    Integer n = retained.get(segment);
    if (n == null || n <= 0) {
      throw new IllegalStateException("segment " + segment + " was not retained");
    }
    retained.put(segment, n - 1);
    deleteReleased();
  }

  /** The segment appends go to now. */
  synchronized long currentSegment() {
    return current;
  }

  /** Segments on disk, the current one included. */
  synchronized int segmentCount() {
    return retained.size();
  }

  /** Closes the current segment; deletes every segment when all are released. */
  @Override
  public synchronized void close() throws IOException {
    if (channel == null) {
      return;
    }
    channel.close();
    channel = null;
    deleteReleased();
    if (retained.size() == 1 && retained.firstEntry().getValue() == 0) {
      Files.deleteIfExists(file(retained.firstKey()));
      retained.clear();
    }
  }

  private void start(long segment) throws IOException {
    channel =
        FileChannel.open(
            file(segment),
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    current = segment;
    size = 0;
    openedAt = clock.instant().getEpochSecond();
    retained.put(segment, 0);
  }

  /** Deletes released segments from the oldest on, never the current one. */
  synchronized void deleteReleased() {
    while (!retained.isEmpty()
        && retained.firstKey() < current
        && retained.firstEntry().getValue() == 0) {
      long segment = retained.firstKey();
      try {
        Files.deleteIfExists(file(segment));
      } catch (IOException e) {
        logger.warn("Cannot delete write-ahead log segment {}: {}", file(segment), e.toString());
        return; // tried again at the next release
      }
      retained.pollFirstEntry();
    }
  }

  private Path file(long segment) {
    return directory.resolve(String.format("%020d%s", segment, SUFFIX));
  }

  private static List<Long> segments(Path directory) throws IOException {
    List<Long> segments = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        String digits = name.substring(0, name.length() - SUFFIX.length());
        if (digits.length() == 20 && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
          segments.add(Long.parseLong(digits));
        }
      }
    }
    segments.sort(null);
    return segments;
  }

  static byte[] encode(String entityId, List<MetricSamples> samples) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(0);
      out.writeInt(0);
      out.writeUTF(entityId);
      out.writeInt(samples.size());
      for (MetricSamples m : samples) {
        out.writeUTF(m.metric());
        out.writeInt(m.slots().length);
        for (int i = 0; i < m.slots().length; i++) {
          out.writeLong(m.slots()[i]);
          out.writeDouble(m.values()[i]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    byte[] record = bytes.toByteArray();
    CRC32C crc = new CRC32C();
    crc.update(record, 8, record.length - 8);
    ByteBuffer.wrap(record).putInt(record.length - 8).putInt((int) crc.getValue());
    return record;
  }

  private static void readSegment(Path file, long segment, Replay replay) throws IOException {
    long records = 0;
    try (InputStream in = Files.newInputStream(file);
        DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 16))) {
      while (true) {
        int length;
        try {
          length = data.readInt();
        } catch (EOFException end) {
          break; // the normal end
        }
        String problem = null;
        byte[] payload = null;
        if (length < 0 || length > MAX_RECORD_BYTES) {
          problem = "a record length of " + length;
        } else {
          try {
            int expected = data.readInt();
            payload = data.readNBytes(length);
            CRC32C crc = new CRC32C();
            crc.update(payload);
            if (payload.length < length) {
              problem = "a record cut short";
            } else if ((int) crc.getValue() != expected) {
              problem = "a record whose checksum does not match";
            }
          } catch (EOFException e) {
            problem = "a record cut short";
          }
        }
        if (problem == null) {
          try {
            decode(payload, segment, replay);
            records++;
            continue;
          } catch (IOException e) {
            problem = "a record that does not decode (" + e.getMessage() + ")";
          }
        }
        logger.warn(
            "Write-ahead log {}: {} after {} records (the process likely stopped while writing"
                + " it); the rest of this segment is skipped, and the collector fetches the samples"
                + " missing from the files again if vCenter still has them",
            file,
            problem,
            records);
        break;
      }
    }
  }

  private static void decode(byte[] payload, long segment, Replay replay) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
    String entityId = in.readUTF();
    int metrics = in.readInt();
    if (metrics < 0 || metrics > payload.length) {
      throw new IOException("metric count " + metrics);
    }
    List<MetricSamples> samples = new ArrayList<>(metrics);
    for (int m = 0; m < metrics; m++) {
      String metric = in.readUTF();
      int n = in.readInt();
      if (n < 0 || n > payload.length / 16) {
        throw new IOException("sample count " + n);
      }
      long[] slots = new long[n];
      double[] values = new double[n];
      for (int i = 0; i < n; i++) {
        slots[i] = in.readLong();
        values[i] = in.readDouble();
      }
      samples.add(new MetricSamples(metric, slots, values));
    }
    if (in.available() != 0) {
      throw new IOException(in.available() + " bytes left over");
    }
    replay.accept(segment, entityId, samples);
  }
}
