package dev.vscope.store.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * One partition of one tier for one shard of a metric family: {@code rows} windows, each a row of
 * {@link Tier#width} planes (the raw value; or a rollup's averages, then its maxima) of {@code
 * slots} series. The values a collection cycle writes for one time are side by side on disk and
 * reach it once, and a query across series (the top N by average) reads only the plane it needs.
 *
 * <p>A header (magic, version, tier step, partition, rows, slots, width, CRC-32C) fills the first
 * page; cell {@code (row, plane, slot)} is the 8 bytes at {@code 4096 + ((row·width + plane)·slots
 * + slot)·8}. A cell holds the bits of its value inverted ({@link #encode}), so the zeros of a part
 * never written read as unknown, and no file is ever filled with "unknown" markers.
 *
 * <p>The file grows as rows are written; it is not extended ahead. Reading a file makes the kernel
 * read ahead, into large folios, up to its end: were the rows still to come already in the file (as
 * a hole), they would be read into folios that the next cycles' writes dirty again and again, each
 * time counted and written out whole (measured: twice the bytes written per sample). Beyond the end
 * of the file every cell is unknown.
 *
 * <p>A new file is written complete (its header) under a temporary name and renamed into
 * place, so a crash leaves no half-made partition. Writes are positional {@code pwrite}s: a full disk
 * is an {@link IOException} at the write, never a fault in a memory mapping. Thread-safe: positional
 * reads and writes do not share a position; a channel closed under a caller (by {@link #release}, or
 * by the interrupt of another thread) is opened again and the call retried once.
 */
final class PartitionFile {

  /** The header's room: a page, so that every row starts on a page. */
  static final int HEADER_BYTES = 4096;
  private static final long MAGIC = 0x5653434f50455431L; // "VSCOPET1"
  private static final int VERSION = 1;

  private final Path path;
  private final int rows;
  private final int slots;
  private final int width;
  private volatile FileChannel channel;

  private PartitionFile(Path path, int rows, int slots, int width, FileChannel channel) {
    this.path = path;
    this.rows = rows;
    this.slots = slots;
    this.width = width;
    this.channel = channel;
  }

  /** Creates the file complete under a temporary name, then renames it into place. */
  static PartitionFile create(Path path, Tier tier, long partition, int slots) throws IOException {
    Files.createDirectories(path.getParent());
    Path temp = path.resolveSibling(path.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer page = ByteBuffer.allocate(HEADER_BYTES);
      page.put(header(tier, partition, slots)).clear();
      ch.write(page, 0);
    }
    Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return new PartitionFile(path, tier.rows(), slots, tier.width(), open(path));
  }

  /**
   * Opens an existing file and checks its header against what the store expects there.
   *
   * @throws IOException when it cannot be read, or with {@link BadPartitionException} when it is
   *     not such a partition
   */
  static PartitionFile open(Path path, Tier tier, long partition, int slots) throws IOException {
    FileChannel ch = open(path);
    try {
      ByteBuffer expected = header(tier, partition, slots);
      ByteBuffer actual = ByteBuffer.allocate(expected.remaining());
      while (actual.hasRemaining() && ch.read(actual, actual.position()) >= 0) {
        // read until full or end of file
      }
      actual.flip();
      long length = HEADER_BYTES + (long) tier.rows() * slots * tier.width() * 8;
      if (!actual.equals(expected) || ch.size() < HEADER_BYTES || ch.size() > length) {
        throw new BadPartitionException(path + " is not a partition of " + tier + " " + partition + " with " + slots + " slots");
      }
      return new PartitionFile(path, tier.rows(), slots, tier.width(), ch);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static FileChannel open(Path path) throws IOException {
    return FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  private static ByteBuffer header(Tier tier, long partition, int slots) {
    ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(MAGIC).putInt(VERSION).putLong(tier.step()).putLong(partition).putInt(tier.rows()).putInt(slots).putInt(tier.width());
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.flip();
  }

  Path path() {
    return path;
  }

  /** The stored form of a value: its bits inverted, 0 for unknown (NaN and infinities). */
  static long encode(double value) {
    return Double.isFinite(value) ? ~Double.doubleToRawLongBits(value) : 0L;
  }

  static double decode(long cell) {
    return cell == 0 ? Double.NaN : Double.longBitsToDouble(~cell);
  }

  /** Position of cell {@code (row, slot, plane)}: a row is its planes one after the other. */
  private long offset(int row, int plane, int slot) {
    return HEADER_BYTES + (((long) row * width + plane) * slots + slot) * 8L;
  }

  /** Writes one cell. */
  void write(int row, int plane, int slot, long cell) throws IOException {
    write(row, plane, slot, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, cell));
  }

  /** Writes consecutive cells of one plane of one row, from {@code slot} on. */
  void write(int row, int plane, int slot, ByteBuffer cells) throws IOException {
    check(row, plane, slot, cells.remaining() / 8);
    writeFully(cells, offset(row, plane, slot));
  }

  /** Reads one cell. */
  long read(int row, int plane, int slot) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    read(row, plane, slot, 1, b);
    return b.getLong(0);
  }

  /**
   * Reads {@code count} consecutive cells of one plane of one row into {@code into} (from its
   * position, little-endian); with {@code count} = {@code slots·width·n} from plane 0 and slot 0,
   * reads {@code n} whole rows.
   */
  void read(int row, int plane, int slot, int count, ByteBuffer into) throws IOException {
    check(row, plane, slot, Math.min(count, slots - slot));
    long end = offset(row, plane, slot) + count * 8L;
    if (end > HEADER_BYTES + (long) rows * width * slots * 8) {
      throw new IllegalArgumentException("read past the end of " + path);
    }
    into.limit(into.position() + count * 8);
    long position = offset(row, plane, slot);
    while (into.hasRemaining()) {
      int n = readOnce(into, position);
      if (n < 0) {
        while (into.hasRemaining()) {
          into.put((byte) 0); // not written yet: unknown
        }
        return;
      }
      position += n;
    }
  }

  private void check(int row, int plane, int slot, int count) {
    if (row < 0 || row >= rows || plane < 0 || plane >= width || slot < 0 || count < 0 || slot + count > slots) {
      throw new IllegalArgumentException("row " + row + ", plane " + plane + ", slots " + slot + "+" + count + " outside " + path);
    }
  }

  private void writeFully(ByteBuffer src, long position) throws IOException {
    while (src.hasRemaining()) {
      try {
        position += channel.write(src, position);
      } catch (ClosedChannelException e) {
        reopen(e);
      }
    }
  }

  private int readOnce(ByteBuffer dst, long position) throws IOException {
    try {
      return channel.read(dst, position);
    } catch (ClosedChannelException e) {
      reopen(e);
      return channel.read(dst, position);
    }
  }

  private synchronized void reopen(ClosedChannelException cause) throws IOException {
    if (Thread.currentThread().isInterrupted()) {
      throw cause;
    }
    if (!channel.isOpen()) {
      channel = open(path);
    }
  }

  /** Closes the channel; a later call opens it again. */
  synchronized void release() throws IOException {
    channel.close();
  }

  /** The file's header or length is not what the store wrote there. */
  static final class BadPartitionException extends IOException {
    private static final long serialVersionUID = 1L;

    BadPartitionException(String message) {
      super(message);
    }
  }
}
