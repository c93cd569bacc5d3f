package dev.vscope.vim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small immutable element tree for one property value or one answer of a call. Large answers are
 * never held whole: readers stream through them and build an {@code XmlNode} per value only.
 *
 * @param name local name of the element
 * @param xsiType the {@code xsi:type} attribute without prefix, or null
 * @param attributes other attributes by local name
 * @param text the element's text, empty when it has child elements
 * @param children child elements in document order
 */
public record XmlNode(String name, String xsiType, Map<String, String> attributes, String text, List<XmlNode> children) {

  public XmlNode {
    attributes = Map.copyOf(attributes);
    children = List.copyOf(children);
  }

  /** The first child of that name, or null. */
  public XmlNode child(String childName) {
    for (XmlNode c : children) {
      if (c.name.equals(childName)) {
        return c;
      }
    }
    return null;
  }

  public List<XmlNode> children(String childName) {
    List<XmlNode> out = new ArrayList<>();
    for (XmlNode c : children) {
      if (c.name.equals(childName)) {
        out.add(c);
      }
    }
    return out;
  }

  /** Text of the first child of that name, or null when there is none. */
  public String childText(String childName) {
    XmlNode c = child(childName);
    return c == null ? null : c.text;
  }

  /** Follows a dotted path of child names ({@code summary.quickStats.overallCpuUsage}); null when absent. */
  public XmlNode path(String dotted) {
    XmlNode node = this;
    for (String part : dotted.split("\\.")) {
      node = node.child(part);
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  /** Reads this element as a managed object reference ({@code <obj type="VirtualMachine">vm-1</obj>}). */
  public ManagedObjectReference asMoRef() {
    String type = attributes.get("type");
    if (type == null) {
      throw new IllegalStateException("element " + name + " is not a managed object reference");
    }
    return new ManagedObjectReference(type, text);
  }
}
