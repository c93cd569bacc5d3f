package dev.vscope.store.prom;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The buffer position up to which the engine has accepted everything, kept in one small file
 * ({@code acked}: segment, offset, CRC-32C of both) so that a restart does not send again what was
 * delivered.
 *
 * <p>It is overwritten in place after every delivered batch and deliberately not fsync'd: an ack
 * lost to a power cut only means some delivered records are sent once more, which the engine takes
 * as duplicates or refuses as out of order (see {@link RemoteWriteSender}); nothing is lost. A torn
 * or garbled file fails its CRC and is read as "nothing acknowledged".
 */
final class AckFile implements Closeable {

  static final String NAME = "acked";
  private static final int SIZE = 8 + 8 + 4;

  private final Path path;
  private final FileChannel channel;

  private AckFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  static AckFile open(Path dir) throws IOException {
    Path path = dir.resolve(NAME);
    return new AckFile(
        path,
        FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
  }

  Path path() {
    return path;
  }

  /** The stored position; empty when none was stored or the file is damaged. */
  Optional<Position> read() throws IOException {
    if (!Files.exists(path) || channel.size() < SIZE) {
      return Optional.empty();
    }
    ByteBuffer buf = ByteBuffer.allocate(SIZE);
    while (buf.hasRemaining() && channel.read(buf, buf.position()) >= 0) {
      // positional reads until full
    }
    buf.flip();
    long segment = buf.getLong();
    long offset = buf.getLong();
    int crc = buf.getInt();
    return crc == crc(segment, offset) ? Optional.of(new Position(segment, offset)) : Optional.empty();
  }

  void write(Position position) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(SIZE);
    buf.putLong(position.segment()).putLong(position.offset()).putInt(crc(position.segment(), position.offset()));
    buf.flip();
    while (buf.hasRemaining()) {
      channel.write(buf, buf.position());
    }
  }

  private static int crc(long segment, long offset) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(16).putLong(segment).putLong(offset).flip());
    return (int) crc.getValue();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
