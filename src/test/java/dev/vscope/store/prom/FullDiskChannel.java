package dev.vscope.store.prom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file channel over a real file that behaves like a disk with {@code space} bytes left: a write
 * beyond it writes what fits, then fails with "No space left on device", as the OS does.
 */
final class FullDiskChannel extends FileChannel {

  /** Opens channels sharing one budget of free space; set it to Long.MAX_VALUE to "free" space. */
  static final class Disk implements SegmentBuffer.ChannelOpener {
    final AtomicLong space;

    Disk(long space) {
      this.space = new AtomicLong(space);
    }

    @Override
    public FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
      return new FullDiskChannel(FileChannel.open(path, options), space);
    }
  }

  private final FileChannel real;
  private final AtomicLong space;

  private FullDiskChannel(FileChannel real, AtomicLong space) {
    this.real = real;
    this.space = space;
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    long left = space.get();
    if (src.remaining() <= left) {
      int n = real.write(src, position);
      space.addAndGet(-n);
      return n;
    }
    if (left > 0) {
      ByteBuffer part = src.duplicate();
      part.limit(part.position() + (int) left);
      int n = real.write(part, position);
      src.position(src.position() + n);
      space.addAndGet(-n);
    }
    throw new IOException("No space left on device");
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return write(src, real.position());
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    throw new UnsupportedOperationException();
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return real.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return real.read(dsts, offset, length);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return real.read(dst, position);
  }

  @Override
  public long position() throws IOException {
    return real.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    real.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return real.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    long before = real.size();
    real.truncate(size);
    space.addAndGet(Math.max(0, before - size));
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    real.force(metaData);
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    throw new UnsupportedOperationException();
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    throw new UnsupportedOperationException();
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    throw new UnsupportedOperationException();
  }

  @Override
  protected void implCloseChannel() throws IOException {
    real.close();
  }
}
