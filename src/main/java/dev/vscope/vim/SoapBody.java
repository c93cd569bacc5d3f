package dev.vscope.vim;

import java.util.Collection;

/**
 * Writes the body of one vim25 request. vim25 is order-sensitive (its schema uses sequences), so
 * callers append elements in the WSDL's order. Every text and attribute value is escaped.
 *
 * <p>Example: {@code SoapBody.of("CurrentTime").moRef("_this", serviceInstance).end()}.
 */
public final class SoapBody {

  private final StringBuilder xml = new StringBuilder(256);
  private final String method;

  private SoapBody(String method) {
    this.method = method;
    xml.append('<').append(method).append(" xmlns=\"urn:vim25\">");
  }

  public static SoapBody of(String method) {
    return new SoapBody(method);
  }

  public String method() {
    return method;
  }

  public SoapBody moRef(String element, ManagedObjectReference ref) {
    xml.append('<').append(element).append(" type=\"");
    escape(ref.type());
    xml.append("\">");
    escape(ref.value());
    xml.append("</").append(element).append('>');
    return this;
  }

  public SoapBody text(String element, Object value) {
    if (value != null) {
      xml.append('<').append(element).append('>');
      escape(String.valueOf(value));
      xml.append("</").append(element).append('>');
    }
    return this;
  }

  public SoapBody texts(String element, Collection<?> values) {
    for (Object v : values) {
      text(element, v);
    }
    return this;
  }

  /** Opens a complex element, with an {@code xsi:type} when {@code xsiType} is not null. */
  public SoapBody open(String element, String xsiType) {
    xml.append('<').append(element);
    if (xsiType != null) {
      xml.append(" xsi:type=\"").append(xsiType).append('"');
    }
    xml.append('>');
    return this;
  }

  public SoapBody open(String element) {
    return open(element, null);
  }

  public SoapBody close(String element) {
    xml.append("</").append(element).append('>');
    return this;
  }

  /** The finished request element. */
  public String end() {
    return xml + "</" + method + ">";
  }

  private void escape(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> xml.append("&lt;");
        case '>' -> xml.append("&gt;");
        case '&' -> xml.append("&amp;");
        case '"' -> xml.append("&quot;");
        case '\'' -> xml.append("&apos;");
        default -> {
          // XML 1.0 cannot carry most control characters at all, even escaped
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            xml.append('\uFFFD');
          } else {
            xml.append(c);
          }
        }
      }
    }
  }
}
