package dev.vscope.alert;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.vscope.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The alerts' state on disk, {@code <storage.path>/alerts/alerts.json}: the active alerts with what
 * each channel was told of them, the resolved ones of the last 30 days, and the silences. Written
 * whole after each change, crash-safe: to a temporary file, forced to disk, moved over the old one
 * in one step, and the directory forced; a crash leaves the old file or the new one, never half of
 * one.
 */
final class AlertFile {

  static final int FORMAT = 1;

  /** What the file holds. */
  record Saved(int format, List<Alert> active, List<Alert> resolved, List<Silence> silences) {
    Saved {
      active = active == null ? List.of() : List.copyOf(active);
      resolved = resolved == null ? List.of() : List.copyOf(resolved);
      silences = silences == null ? List.of() : List.copyOf(silences);
    }
  }

  private final Path file;

  AlertFile(Path dataDir) {
    this.file = dataDir.resolve("alerts").resolve("alerts.json");
  }

  Path path() {
    return file;
  }

  /**
   * The saved state.
   *
   * @throws NoSuchFileException at first start
   * @throws IOException when it cannot be read or is not a state this version reads
   */
  Saved read() throws IOException {
    // a field a later version adds is no reason to forget the alerts
    Saved saved = Json.mapper().readerFor(Saved.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(Files.readAllBytes(file));
    if (saved.format() != FORMAT) {
      throw new IOException("format " + saved.format() + " is not " + FORMAT);
    }
    return saved;
  }

  /** Replaces the file, atomically. */
  void write(Saved saved) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
        Json.mapper().writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, saved);
        out.flush();
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  /** Moves an unreadable file aside, so that the next write does not replace what someone may want to look at. */
  Path setAside() throws IOException {
    Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
    Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
    return aside;
  }
}
