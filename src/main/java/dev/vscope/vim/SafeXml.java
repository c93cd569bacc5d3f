package dev.vscope.vim;

import com.ctc.wstx.stax.WstxInputFactory;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * StAX parsing of vCenter answers with everything that an attacker-controlled answer could abuse
 * turned off: no DTD (so no entity expansion and no external entity), bounded depth and text size.
 * A DOCTYPE is refused outright: vim25 answers never carry one.
 */
public final class SafeXml {

  static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;
  private static final int MAX_DEPTH = 64;
  private static final int MAX_TEXT = 16 * 1024 * 1024;

  private static final XMLInputFactory FACTORY = newFactory();

  private SafeXml() {}

  private static XMLInputFactory newFactory() {
    // Woodstox by name, not whatever the class path offers first: the settings below are what
    // keeps hostile answers out, and they are tested with this parser.
    XMLInputFactory f = new WstxInputFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    return f;
  }

  /** A reader over the stream; the caller closes the stream. */
  public static XMLStreamReader reader(InputStream in) throws XMLStreamException {
    synchronized (FACTORY) {
      return FACTORY.createXMLStreamReader(in, "UTF-8");
    }
  }

  /**
   * Advances to the next start element, refusing DTDs and entity references on the way. Returns
   * false at the end element that encloses the current level (or at the end of the document).
   */
  public static boolean nextElement(XMLStreamReader r) throws XMLStreamException {
    while (r.hasNext()) {
      int event = r.next();
      switch (event) {
        case XMLStreamConstants.START_ELEMENT:
          return true;
        case XMLStreamConstants.END_ELEMENT:
        case XMLStreamConstants.END_DOCUMENT:
          return false;
        case XMLStreamConstants.DTD:
          throw new XMLStreamException("DOCTYPE declarations are not accepted");
        case XMLStreamConstants.ENTITY_REFERENCE:
          throw new XMLStreamException("entity reference &" + r.getLocalName() + "; is not accepted");
        default:
          // characters between elements, comments, processing instructions: nothing to keep
      }
    }
    return false;
  }

  /** Reads the current start element and all it holds into a tree, leaving the reader on its end element. */
  public static XmlNode readNode(XMLStreamReader r) throws XMLStreamException {
    return readNode(r, 0);
  }

  private static XmlNode readNode(XMLStreamReader r, int depth) throws XMLStreamException {
    if (depth > MAX_DEPTH) {
      throw new XMLStreamException("elements nested deeper than " + MAX_DEPTH);
    }
    String name = r.getLocalName();
    String xsiType = null;
    // Allocated only when needed: a QueryPerf answer is mostly leaf elements without attributes,
    // hundreds of thousands per collection cycle.
    Map<String, String> attrs = Map.of();
    for (int i = 0; i < r.getAttributeCount(); i++) {
      String local = r.getAttributeLocalName(i);
      if (XSI.equals(r.getAttributeNamespace(i)) && "type".equals(local)) {
        String v = r.getAttributeValue(i);
        xsiType = v.substring(v.indexOf(':') + 1);
      } else {
        if (attrs.isEmpty()) {
          attrs = new HashMap<>();
        }
        attrs.put(local, r.getAttributeValue(i));
      }
    }
    Text text = new Text();
    List<XmlNode> children = List.of();
    while (true) {
      int event = r.next();
      switch (event) {
        case XMLStreamConstants.START_ELEMENT:
          if (children.isEmpty()) {
            children = new ArrayList<>();
          }
          children.add(readNode(r, depth + 1));
          break;
        case XMLStreamConstants.CHARACTERS:
        case XMLStreamConstants.CDATA:
        case XMLStreamConstants.SPACE:
          text.add(r, name);
          break;
        case XMLStreamConstants.END_ELEMENT:
          return new XmlNode(name, xsiType, attrs, children.isEmpty() ? text.toString() : "", children);
        case XMLStreamConstants.DTD:
          throw new XMLStreamException("DOCTYPE declarations are not accepted");
        case XMLStreamConstants.ENTITY_REFERENCE:
          throw new XMLStreamException("entity reference &" + r.getLocalName() + "; is not accepted");
        case XMLStreamConstants.END_DOCUMENT:
          throw new XMLStreamException("document ends inside element " + name);
        default:
          // comments and processing instructions carry no data
      }
    }
  }

  /**
   * Reads the text of the current element, leaving the reader on its end element; child elements
   * are skipped. For answers read without building a tree.
   */
  public static String readText(XMLStreamReader r) throws XMLStreamException {
    String name = r.getLocalName();
    Text text = new Text();
    while (true) {
      switch (r.next()) {
        case XMLStreamConstants.CHARACTERS:
        case XMLStreamConstants.CDATA:
        case XMLStreamConstants.SPACE:
          text.add(r, name);
          break;
        case XMLStreamConstants.START_ELEMENT:
          skip(r);
          break;
        case XMLStreamConstants.END_ELEMENT:
          return text.toString();
        case XMLStreamConstants.DTD:
          throw new XMLStreamException("DOCTYPE declarations are not accepted");
        case XMLStreamConstants.ENTITY_REFERENCE:
          throw new XMLStreamException("entity reference &" + r.getLocalName() + "; is not accepted");
        case XMLStreamConstants.END_DOCUMENT:
          throw new XMLStreamException("document ends inside an element");
        default:
          // comments and processing instructions carry no data
      }
    }
  }

  /**
   * An element's text, from one or more text events, at most {@link #MAX_TEXT} characters. The
   * usual single event is kept as the reader's string, with no builder.
   */
  private static final class Text {
    private String first = "";
    private StringBuilder more;

    void add(XMLStreamReader r, String element) throws XMLStreamException {
      int length = (more == null ? first.length() : more.length()) + r.getTextLength();
      if (length > MAX_TEXT) {
        throw new XMLStreamException("text of element " + element + " exceeds " + MAX_TEXT + " characters");
      }
      if (more == null && first.isEmpty()) {
        first = r.getText();
        return;
      }
      if (more == null) {
        more = new StringBuilder(first);
      }
      more.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
    }

    @Override
    public String toString() {
      return more == null ? first : more.toString();
    }
  }

  /** The {@code xsi:type} of the current start element without its prefix, or null. */
  public static String xsiType(XMLStreamReader r) {
    String v = r.getAttributeValue(XSI, "type");
    return v == null ? null : v.substring(v.indexOf(':') + 1);
  }

  /** Skips the current element and all it holds, leaving the reader on its end element. */
  public static void skip(XMLStreamReader r) throws XMLStreamException {
    int depth = 1;
    while (depth > 0) {
      int event = r.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      } else if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
        throw new XMLStreamException("DTD or entity reference is not accepted");
      } else if (event == XMLStreamConstants.END_DOCUMENT) {
        throw new XMLStreamException("document ends inside an element");
      }
    }
  }
}
