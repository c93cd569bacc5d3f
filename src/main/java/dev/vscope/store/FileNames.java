package dev.vscope.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns entity ids and metric names into single, safe file-name segments and back.
 *
 * <p>The encoding keeps {@code a-z 0-9 - _} and {@code .} (except as the first character) and
 * writes every other UTF-8 byte as {@code %XX} (upper-case hex), {@code %} itself included. So
 * {@code demo:vm-42} becomes {@code demo%3Avm-42} and {@code net.rx[vmnic0]} becomes
 * {@code net.rx%5Bvmnic0%5D}. Consequences:
 *
 * <ul>
 *   <li>no segment can contain a separator ({@code /}, {@code \}), be {@code .} or {@code ..}, or be
 *       hidden: a leading dot is encoded, so {@code ../x} becomes {@code %2E.%2Fx};
 *   <li>upper-case letters are encoded too, so two names differing only in case never share a file
 *       on a case-insensitive file system ({@code readLatency} is {@code read%4Catency});
 *   <li>the encoding is one-to-one, so {@link #decode} gives back the exact name.
 * </ul>
 *
 * Names whose encoding would exceed {@link #MAX_ENCODED_LENGTH} characters are rejected, which
 * keeps every file name (with the suffixes the store adds) under the usual 255-byte limit.
 */
public final class FileNames {

  /** Longest encoded segment; leaves room for suffixes such as {@code .rrd.corrupt-1234567890}. */
  static final int MAX_ENCODED_LENGTH = 200;

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private FileNames() {}

  /**
   * Encodes a name into one file-name segment.
   *
   * @throws IllegalArgumentException when the name is null, empty or encodes to more than {@link
   *     #MAX_ENCODED_LENGTH} characters
   */
  public static String encode(String name) {
    return tryEncode(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "not a usable name (empty or too long): " + abbreviate(name)));
  }

  /** Like {@link #encode} but empty instead of throwing for an unusable name. */
  public static Optional<String> tryEncode(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xFF;
      if (isKept(b, i == 0)) {
        out.append((char) b);
      } else {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
      }
      if (out.length() > MAX_ENCODED_LENGTH) {
        return Optional.empty();
      }
    }
    return Optional.of(out.toString());
  }

  /**
   * Decodes a segment written by {@link #encode}; empty when it is not one (so foreign files in the
   * store directory are ignored rather than misread).
   */
  public static Optional<String> decode(String segment) {
    if (segment == null || segment.isEmpty()) {
      return Optional.empty();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        if (i + 2 >= segment.length()) {
          return Optional.empty();
        }
        int hi = hexValue(segment.charAt(i + 1));
        int lo = hexValue(segment.charAt(i + 2));
        if (hi < 0 || lo < 0) {
          return Optional.empty();
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c < 0x80 && isKept(c, i == 0)) {
        bytes.write(c);
      } else {
        return Optional.empty();
      }
    }
    try {
      String name =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()))
              .toString();
      // Only the canonical encoding decodes, so that one name never has two files.
      return tryEncode(name).filter(segment::equals).map(ignored -> name);
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static boolean isKept(int b, boolean first) {
    return (b >= 'a' && b <= 'z')
        || (b >= '0' && b <= '9')
        || b == '-'
        || b == '_'
        || (b == '.' && !first);
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static String abbreviate(String name) {
    if (name == null) {
      return "null";
    }
    return name.length() <= 40 ? '"' + name + '"' : '"' + name.substring(0, 40) + "...\"";
  }
}
