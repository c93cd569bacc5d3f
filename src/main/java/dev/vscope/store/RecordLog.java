package dev.vscope.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * The record format of both stores' journals, the embedded store's series journal and the
 * Prometheus store's send buffer, and its one recovery rule.
 *
 * <pre>
 * record = length:i32 crc:i32 payload[length]     (big-endian; crc = CRC-32C of length and payload)
 * </pre>
 *
 * A record is appended with one positional write, so a crash can leave only the last record of a
 * file incomplete: its announced length runs past the end of the file, or its CRC fails (the CRC
 * covers the length too, so a damaged length is caught as well). {@link #scan} reads records up to
 * the first such one; the caller cuts the file there, with a warning.
 */
public final class RecordLog {

  public static final int RECORD_HEADER = 8;

  private RecordLog() {}

  /** Receives each good record's payload and the offset it starts at. */
  @FunctionalInterface
  public interface Visitor {
    void record(long offset, byte[] payload) throws IOException;
  }

  /** Where a scan stopped: the end of the last good record, and why it stopped there (null at the end of the file). */
  public record End(long offset, String problem) {}

  /** A record ready to be written: header and payload. */
  public static ByteBuffer frame(byte[] payload, int maxRecord) {
    if (payload.length == 0 || payload.length > maxRecord) {
      throw new IllegalArgumentException("record of " + payload.length + " bytes");
    }
    ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER + payload.length);
    return record.putInt(payload.length).putInt(crc(payload.length, payload)).put(payload).flip();
  }

  public static int crc(int length, byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(4).putInt(length).flip());
    crc.update(payload);
    return (int) crc.getValue();
  }

  /** Reads the records from {@code start} to the end of the file or the first torn or damaged one. */
  public static End scan(FileChannel ch, long start, int maxRecord, Visitor visitor) throws IOException {
    long fileSize = ch.size();
    long pos = start;
    while (pos < fileSize) {
      if (fileSize - pos < RECORD_HEADER) {
        return new End(pos, "a torn record header");
      }
      ByteBuffer header = readFully(ch, pos, RECORD_HEADER);
      int length = header.getInt(0);
      if (length <= 0 || length > maxRecord) {
        return new End(pos, "an invalid record length " + length);
      }
      long present = fileSize - pos - RECORD_HEADER;
      if (present < length) {
        return new End(pos, "a torn record (" + length + " bytes announced, " + present + " present)");
      }
      byte[] payload = readFully(ch, pos + RECORD_HEADER, length).array();
      if (crc(length, payload) != header.getInt(4)) {
        return new End(pos, "a record whose CRC does not match");
      }
      visitor.record(pos, payload);
      pos += RECORD_HEADER + length;
    }
    return new End(pos, null);
  }

  public static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      if (ch.read(buf, position + buf.position()) < 0) {
        throw new IOException("unexpected end of file at " + (position + buf.position()));
      }
    }
    return buf;
  }
}
