package dev.vscope.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * IP address literals and ranges ({@code 10.0.0.5}, {@code 10.0.0.0/8}, {@code fd00::/8},
 * {@code 10.0.0.1-10.0.0.9}), parsed without ever asking DNS: {@link InetAddress#getByName} looks up
 * whatever is not a well-formed literal, and these strings come from a config file or a request
 * header. Sets of ranges are Jetty's {@link InetAddressSet}.
 */
public final class AddressPatterns {

  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV4_WITH_PORT = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}:\\d{1,5}");
  /** Starts with a hex digit or a colon and holds a colon: the JDK parses it as IPv6 and never looks it up. */
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:][0-9a-fA-F:.]*");

  private AddressPatterns() {}

  /**
   * The address a literal names, or null when it is none: IPv4, IPv6, IPv6 in brackets, either
   * with a port after it (as some proxies write them).
   */
  public static InetAddress literal(String text) {
    String s = text.strip();
    if (s.startsWith("[")) {
      int end = s.indexOf(']');
      if (end < 0) {
        return null;
      }
      s = s.substring(1, end);
    } else if (IPV4_WITH_PORT.matcher(s).matches()) {
      s = s.substring(0, s.indexOf(':'));
    }
    var v4 = IPV4.matcher(s);
    boolean wellFormed;
    if (v4.matches()) {
      wellFormed = true;
      for (int i = 1; i <= 4; i++) {
        wellFormed &= Integer.parseInt(v4.group(i)) <= 255;
      }
    } else {
      wellFormed = s.indexOf(':') >= 0 && IPV6.matcher(s).matches();
    }
    if (!wellFormed) {
      return null;
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /**
   * The set of the given addresses and ranges.
   *
   * @throws IllegalArgumentException naming the first pattern that is not an address, a CIDR range
   *     or a range "first-last"
   */
  public static InetAddressSet parse(List<String> patterns) {
    InetAddressSet set = new InetAddressSet();
    for (String p : patterns) {
      String pattern = p == null ? "" : p.strip();
      String[] parts = pattern.split("[/-]", -1);
      boolean ok = parts.length <= 2 && literal(parts[0]) != null && !parts[0].startsWith("[");
      if (ok && pattern.contains("/")) {
        int max = literal(parts[0]).getAddress().length * 8;
        ok = parts[1].matches("\\d{1,3}") && Integer.parseInt(parts[1]) <= max;
      } else if (ok && parts.length == 2) {
        ok = literal(parts[1]) != null && !parts[1].startsWith("[");
      }
      if (!ok) {
        throw new IllegalArgumentException("'" + pattern + "' is not an IP address, a CIDR range (10.0.0.0/8) or a range (10.0.0.1-10.0.0.9)");
      }
      set.add(pattern);
    }
    return set;
  }
}
