package dev.vscope.vim;

import java.io.InputStream;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads one SOAP answer: the envelope, then either the method's response, handed to its {@link
 * ResponseReader}, or a fault, thrown as a {@link VimFaultException}. Kept apart from the HTTP
 * transport so that recorded answers of real vCenters are read by this very code in tests.
 */
final class SoapEnvelope {

  private final String vcenter;
  private final String method;

  private SoapEnvelope(String vcenter, String method) {
    this.vcenter = vcenter;
    this.method = method;
  }

  /** Reads a whole answer of {@code method} from {@code in}; closes the XML reader, not the stream. */
  static <T> T read(InputStream in, String vcenter, String method, ResponseReader<T> reader) throws XMLStreamException {
    return new SoapEnvelope(vcenter, method).parse(in, reader);
  }

  private <T> T parse(InputStream in, ResponseReader<T> reader) throws XMLStreamException {
    XMLStreamReader r = SafeXml.reader(in);
    try {
      if (!SafeXml.nextElement(r) || !r.getLocalName().equals("Envelope")) {
        throw unexpected("no SOAP Envelope");
      }
      // SOAP allows a Header before the Body; vCenter sends none, skip it if present
      if (!SafeXml.nextElement(r)) {
        throw unexpected("an empty envelope");
      }
      if (r.getLocalName().equals("Header")) {
        SafeXml.skip(r);
        if (!SafeXml.nextElement(r)) {
          throw unexpected("no Body");
        }
      }
      if (!r.getLocalName().equals("Body")) {
        throw unexpected("<" + r.getLocalName() + "> instead of the Body");
      }
      if (!SafeXml.nextElement(r)) {
        throw unexpected("an empty Body");
      }
      String name = r.getLocalName();
      if (name.equals("Fault")) {
        throw fault(SafeXml.readNode(r));
      }
      if (!name.equals(method + "Response")) {
        throw unexpected("<" + name + ">");
      }
      T result = reader.read(r);
      // read to the end so a truncated document is an error, not a silently short answer
      while (r.hasNext()) {
        if (r.next() == XMLStreamConstants.DTD) {
          throw new XMLStreamException("DOCTYPE declarations are not accepted");
        }
      }
      return result;
    } finally {
      r.close();
    }
  }

  private VimProtocolException unexpected(String what) {
    return new VimProtocolException(vcenter + ": " + method + " answered " + what, null);
  }

  /**
   * The fault's type is its detail's {@code xsi:type} when there is one: the element name may name
   * a base type (a PBM answer has {@code <RuntimeFaultFault xsi:type="vim25:InvalidRequest">}).
   */
  private VimFaultException fault(XmlNode fault) {
    String message = fault.childText("faultstring");
    String type = "Fault";
    XmlNode detail = fault.child("detail");
    if (detail != null && !detail.children().isEmpty()) {
      XmlNode d = detail.children().get(0);
      if (d.xsiType() != null) {
        type = d.xsiType();
      } else {
        type = d.name().endsWith("Fault") ? d.name().substring(0, d.name().length() - 5) : d.name();
      }
    }
    return new VimFaultException(vcenter, method, type, message == null ? "" : message);
  }
}
