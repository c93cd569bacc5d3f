package dev.vscope.store;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.rrd4j.core.ByteBufferBackend;
import org.rrd4j.core.RrdBackend;
import org.rrd4j.core.RrdBackendAnnotation;
import org.rrd4j.core.RrdFileBackend;
import org.rrd4j.core.RrdFileBackendFactory;

/**
 * An rrd4j backend that reads a whole RRD file into a heap buffer when it is opened and, if rrd4j
 * changed anything, writes the whole buffer back with one positional write when it is closed.
 *
 * <p>Why not one of rrd4j's own file backends (measured with {@code StoreBenchmark}'s cycle of
 * ~70,000 metric files × 3 samples; see {@link RrdHistoryStore} for the figures):
 *
 * <ul>
 *   <li>{@code RrdRandomAccessFileBackendFactory} turns every field rrd4j touches into a seek plus
 *       a read or write system call: opening a file and storing three samples costs hundreds of
 *       calls per file, tens of millions per cycle.
 *   <li>{@code RrdNioBackendFactory} maps each file; closing it forces the mapping to disk
 *       ({@code msync}) whenever its sync pool is set, mapping and unmapping 70,000 files a minute is
 *       costly, and keeping them all mapped exceeds Linux's default of 65,530 mappings per process.
 *       A write into a mapping that fails (disk full on a copy-on-write file system) kills the JVM
 *       with {@code SIGBUS} instead of throwing an {@link IOException}.
 * </ul>
 *
 * Reading and writing ~25 KB in one call each is cheap (the pages are in the page cache, and an
 * update dirties nearly every 4 KB page of the file anyway, since each of the ten archives is
 * touched), costs a handful of system calls per file, and gives two robustness properties:
 *
 * <ul>
 *   <li>An update lands in the file with a single {@code pwrite}, so a process killed with {@code
 *       kill -9} leaves the old or the new content, never a mixture (a power cut may still tear it;
 *       the store then moves the file aside when it fails validation).
 *   <li>A new file is written completely, never sparse, so later in-place updates overwrite blocks
 *       that are already allocated and do not fail with "no space left" on ordinary file systems.
 *       An existing file is never truncated.
 * </ul>
 *
 * A failure to read the file itself is thrown as {@link FileReadException}, so callers can tell an
 * I/O problem (keep the file) from a file that rrd4j cannot parse (move it aside).
 *
 * <p>Instances hold no state of their own: every backend lives only as long as its {@code RrdDb}.
 */
@RrdBackendAnnotation(name = "VSCOPE_WHOLE_FILE", shouldValidateHeader = true)
final class WholeFileBackendFactory extends RrdFileBackendFactory {

  /** The file exists but could not be read: an I/O problem, not a damaged file. */
  static final class FileReadException extends IOException {
    FileReadException(String path, IOException cause) {
      super("cannot read " + path + ": " + cause, cause);
    }
  }

  /**
   * The store builds every path from an absolute, normalized root, so rrd4j's canonicalization (a
   * {@code realpath()} of the parent, one {@code lstat} per path component, on every open) is
   * skipped.
   */
  @Override
  public URI getCanonicalUri(URI uri) {
    return uri;
  }

  @Override
  protected RrdBackend open(String path, boolean readOnly) throws IOException {
    return new WholeFileBackend(path, readOnly);
  }

  private static final class WholeFileBackend extends ByteBufferBackend implements RrdFileBackend {
    private static final OpenOption[] CREATE =
        new OpenOption[] {
          StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE
        };
    private static final OpenOption[] OVERWRITE = new OpenOption[] {StandardOpenOption.WRITE};

    private final Path file;
    private final boolean readOnly;
    private byte[] bytes = new byte[0];
    private boolean created;

    WholeFileBackend(String path, boolean readOnly) throws IOException {
      super(path);
      this.file = Path.of(path);
      this.readOnly = readOnly;
      try {
        bytes = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        // A file being created: rrd4j calls setLength() next.
        created = true;
      } catch (IOException e) {
        throw new FileReadException(path, e);
      }
      setByteBuffer(ByteBuffer.wrap(bytes));
    }

    @Override
    public String getCanonicalPath() {
      return file.toString();
    }

    @Override
    public long getLength() {
      return bytes.length;
    }

    /** Only called by rrd4j when it creates a file: starts from a fresh, zeroed buffer. */
    @Override
    protected void setLength(long length) throws IOException {
      if (length < 0 || length > Integer.MAX_VALUE) {
        throw new IOException("invalid RRD length " + length);
      }
      bytes = new byte[(int) length];
      created = true;
      setByteBuffer(ByteBuffer.wrap(bytes));
    }

    @Override
    protected void close() throws IOException {
      try {
        if (!readOnly && isDirty()) {
          try (FileChannel channel = FileChannel.open(file, created ? CREATE : OVERWRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long position = 0;
            while (buffer.hasRemaining()) {
              position += channel.write(buffer, position);
            }
          }
        }
      } finally {
        super.close();
      }
    }
  }
}
