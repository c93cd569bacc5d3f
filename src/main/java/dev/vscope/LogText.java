package dev.vscope;

/**
 * A value from outside (a user, a client, vCenter) made safe for a log line: control characters
 * are shown escaped ({@code \n}, {@code \r}, {@code \t}, {@code \x1b}, {@code \u2028}) and the
 * backslash doubled, so that a user name cannot forge a log line or send escape sequences to a
 * terminal (issue 16). Lazy: the text is escaped only when the line is written.
 *
 * <pre>{@code
 * audit.info("login user={}", LogText.of(username));
 * }</pre>
 */
public final class LogText {

  private final Object value;

  private LogText(Object value) {
    this.value = value;
  }

  public static LogText of(Object value) {
    return new LogText(value);
  }

  /** The value as text, escaped. */
  public static String escape(Object value) {
    String s = String.valueOf(value);
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String replacement = replacement(c);
      if (replacement != null && out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? s : out.toString();
  }

  private static String replacement(char c) {
    switch (c) {
      case '\\':
        return "\\\\";
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      case '\t':
        return "\\t";
      default:
        break;
    }
    // C0 and C1 controls, DEL, and the Unicode line and paragraph separators
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      return String.format("\\x%02x", (int) c);
    }
    if (c == '\u2028' || c == '\u2029') {
      return String.format("\\u%04x", (int) c);
    }
    return null;
  }

  @Override
  public String toString() {
    return escape(value);
  }
}
