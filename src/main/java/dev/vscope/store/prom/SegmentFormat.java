package dev.vscope.store.prom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.vscope.store.RecordLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bytes of one segment file of the {@link SegmentBuffer}, and their checking after a crash.
 *
 * <pre>
 * segment = magic "VSRWBUF1" record*
 * record  = length:i32 crc:i32 payload[length]     (big-endian; crc = CRC-32C of length and payload)
 * </pre>
 *
 * Records are {@link RecordLog}'s, the format of the embedded store's journal too, and so is the
 * rule by which a torn tail is found.
 */
final class SegmentFormat {

  static final byte[] MAGIC = "VSRWBUF1".getBytes(StandardCharsets.US_ASCII);
  static final int HEADER = MAGIC.length;
  static final int RECORD_HEADER = RecordLog.RECORD_HEADER;
  /** Largest record accepted: far above one entity's samples, small enough to read into memory. */
  static final int MAX_RECORD = 16 << 20;

  private static final Logger logger = LoggerFactory.getLogger(SegmentFormat.class);
  private static final Pattern NAME = Pattern.compile("segment-(\\d{20})\\.buf");

  private SegmentFormat() {}

  /** The file name of segment {@code id}: zero-padded, so names sort like ids. */
  static String fileName(long id) {
    return String.format("segment-%020d.buf", id);
  }

  /** The id of a segment file name; empty for other files. */
  static OptionalLong id(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }

  /** A record ready to be written: header and payload. */
  static ByteBuffer frame(byte[] payload) {
    return RecordLog.frame(payload, MAX_RECORD);
  }

  /**
   * Reads the record at {@code offset}, which must end by {@code limit}.
   *
   * @throws IOException when it does not (the file changed under the buffer: not a crash, which
   *     opening repairs)
   */
  static byte[] readRecord(FileChannel ch, Path path, long offset, long limit) throws IOException {
    ByteBuffer header = readFully(ch, offset, RECORD_HEADER);
    int length = header.getInt(0);
    if (length <= 0 || length > MAX_RECORD || offset + RECORD_HEADER + length > limit) {
      throw new IOException("damaged record at offset " + offset + " of " + path);
    }
    byte[] payload = readFully(ch, offset + RECORD_HEADER, length).array();
    if (crc(length, payload) != header.getInt(4)) {
      throw new IOException("record with a bad CRC at offset " + offset + " of " + path);
    }
    return payload;
  }

  /**
   * Checks a segment's records and truncates a torn or damaged tail, with a warning. Returns the
   * segment's length, or -1 when the file was torn while being created (shorter than the magic,
   * or only zeros): it holds no record.
   *
   * @throws IOException when the file cannot be read, or is not a segment at all
   */
  static long recover(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long fileSize = ch.size();
      if (fileSize < HEADER) {
        return -1;
      }
      if (!Arrays.equals(readFully(ch, 0, HEADER).array(), MAGIC)) {
        if (allZero(ch, fileSize)) {
          return -1; // created, then a power cut before its first bytes reached the disk
        }
        throw new IOException(path + " is not a vscope remote-write buffer segment");
      }
      RecordLog.End end = RecordLog.scan(ch, HEADER, MAX_RECORD, (offset, payload) -> {});
      long pos = end.offset();
      String problem = end.problem();
      if (problem != null) {
        logger.warn(
            "Remote-write buffer segment {} ends with {} at offset {} (left by a crash or a full"
                + " disk); dropped its last {} bytes, the {} bytes before are kept",
            path,
            problem,
            pos,
            fileSize - pos,
            pos);
        ch.truncate(pos);
        ch.force(true);
      }
      return pos;
    }
  }

  static int crc(int length, byte[] payload) {
    return RecordLog.crc(length, payload);
  }

  private static boolean allZero(FileChannel ch, long size) throws IOException {
    for (long pos = 0; pos < size; pos += 65_536) {
      for (byte b : readFully(ch, pos, (int) Math.min(65_536, size - pos)).array()) {
        if (b != 0) {
          return false;
        }
      }
    }
    return true;
  }

  static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
    return RecordLog.readFully(ch, position, length);
  }
}
