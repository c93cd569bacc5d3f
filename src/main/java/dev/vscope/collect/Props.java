package dev.vscope.collect;

import dev.vscope.vim.ManagedObjectReference;
import dev.vscope.vim.XmlNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of one object's property values. A property that is absent, or a value that does not
 * parse, reads as the given default: vCenter leaves properties unset on disconnected hosts, and one
 * odd value must not lose the rest of the inventory.
 */
final class Props {

  private final Map<String, XmlNode> values;

  Props(Map<String, XmlNode> values) {
    this.values = values;
  }

  /** The value as read, or null when absent. */
  XmlNode node(String path) {
    return values.get(path);
  }

  String str(String path) {
    XmlNode n = values.get(path);
    return n == null ? null : n.text();
  }

  long lng(String path, long otherwise) {
    String s = str(path);
    if (s == null) {
      return otherwise;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException ignored) {
      return otherwise;
    }
  }

  Long lngOrNull(String path) {
    return str(path) == null ? null : lng(path, 0);
  }

  int integer(String path, int otherwise) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, lng(path, otherwise)));
  }

  boolean bool(String path) {
    return "true".equals(str(path) == null ? null : str(path).trim());
  }

  ManagedObjectReference ref(String path) {
    XmlNode n = values.get(path);
    return n == null || !n.attributes().containsKey("type") ? null : n.asMoRef();
  }

  /** An ArrayOfManagedObjectReference, or any other array, as its element list. */
  List<XmlNode> array(String path) {
    XmlNode n = values.get(path);
    return n == null ? List.of() : n.children();
  }

  List<ManagedObjectReference> refs(String path) {
    List<ManagedObjectReference> out = new ArrayList<>();
    for (XmlNode n : array(path)) {
      if (n.attributes().containsKey("type")) {
        out.add(n.asMoRef());
      }
    }
    return out;
  }

  /** A child's whole number in a data object ({@code <size>1024</size>}); {@code otherwise} when absent or odd. */
  static long number(XmlNode parent, String child, long otherwise) {
    String text = parent.childText(child);
    try {
      return text == null ? otherwise : Long.parseLong(text.trim());
    } catch (NumberFormatException ignored) {
      return otherwise;
    }
  }

  /** A child's xsd:dateTime ({@code 2026-12-03T11:57:38.123Z}, any offset); null when absent or odd. */
  static Instant time(XmlNode parent, String child) {
    String text = parent.childText(child);
    try {
      return text == null ? null : OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeException ignored) {
      return null;
    }
  }

  /** A child that is a managed object reference; null when absent or not one. */
  static ManagedObjectReference ref(XmlNode parent, String child) {
    XmlNode n = parent.child(child);
    return n == null || !n.attributes().containsKey("type") ? null : n.asMoRef();
  }
}
