package dev.vscope.events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads the whole lines of a journal file: those ended by a newline. The text after the last
 * newline is a line being written, or one a crash cut short, and is not a line yet. A line longer
 * than {@link #MAX_LINE_BYTES} is skipped rather than read into the heap: the journal writes lines
 * of a few hundred bytes, so such a line can only be damage.
 */
final class JsonLines {

  /** Sixty times the longest event message seen (a reconfiguration that lists many devices). */
  static final int MAX_LINE_BYTES = 1024 * 1024;

  private JsonLines() {}

  /** Gives each whole line, without its newline, in file order. */
  static void read(InputStream in, Consumer<String> line) throws IOException {
    ByteArrayOutputStream current = new ByteArrayOutputStream(512);
    boolean tooLong = false;
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = in.read(buffer)) > 0) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (buffer[i] != '\n') {
          continue;
        }
        if (!tooLong) {
          current.write(buffer, start, i - start);
          line.accept(current.toString(StandardCharsets.UTF_8));
        }
        current.reset();
        tooLong = false;
        start = i + 1;
      }
      if (!tooLong) {
        current.write(buffer, start, n - start);
        if (current.size() > MAX_LINE_BYTES) {
          tooLong = true;
          current.reset();
        }
      }
    }
  }
}
