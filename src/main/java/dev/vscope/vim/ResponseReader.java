package dev.vscope.vim;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the answer of one call. The reader is positioned on the start of the {@code
 * <MethodResponse>} element and must leave it on that element's end.
 */
@FunctionalInterface
public interface ResponseReader<T> {

  T read(XMLStreamReader r) throws XMLStreamException;

  /** For calls whose answer carries nothing we need (Logout, DestroyView). */
  static ResponseReader<Void> ignore() {
    return r -> {
      SafeXml.skip(r);
      return null;
    };
  }

  /** For calls that answer a single {@code returnval} element; null when there is none. */
  static ResponseReader<XmlNode> returnval() {
    return r -> {
      XmlNode node = null;
      while (SafeXml.nextElement(r)) {
        XmlNode child = SafeXml.readNode(r);
        if (node == null && child.name().equals("returnval")) {
          node = child;
        }
      }
      return node;
    };
  }
}
