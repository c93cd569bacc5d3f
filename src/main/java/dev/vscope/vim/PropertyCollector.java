package dev.vscope.vim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * vCenter's PropertyCollector: paged reads (RetrievePropertiesEx, ContinueRetrievePropertiesEx)
 * and incremental updates (CreateFilter, WaitForUpdatesEx). Answers are streamed to a consumer one
 * object at a time, so memory does not grow with the inventory.
 */
public final class PropertyCollector {

  private final SoapTransport transport;
  private final ManagedObjectReference ref;

  PropertyCollector(SoapTransport transport, ManagedObjectReference ref) {
    this.transport = transport;
    this.ref = ref;
  }

  /**
   * Reads every object the spec selects, {@code pageSize} objects per call.
   *
   * @return the number of objects read
   */
  public int retrieve(PropertySpec spec, int pageSize, Consumer<ObjectContent> sink) {
    SoapBody first = SoapBody.of("RetrievePropertiesEx").moRef("_this", ref);
    spec.write(first, "specSet");
    first.open("options").text("maxObjects", pageSize).close("options");
    int[] count = {0};
    String token = transport.call(first, r -> readPage(r, sink, count));
    while (token != null) {
      token =
          transport.call(
              SoapBody.of("ContinueRetrievePropertiesEx").moRef("_this", ref).text("token", token),
              r -> readPage(r, sink, count));
    }
    return count[0];
  }

  /** Reads one object's properties; null when the object does not exist. */
  public ObjectContent retrieveOne(ManagedObjectReference obj, List<String> paths) {
    List<ObjectContent> out = new ArrayList<>(1);
    retrieve(PropertySpec.ofObject(obj, paths), 1, out::add);
    return out.isEmpty() ? null : out.get(0);
  }

  private static String readPage(XMLStreamReader r, Consumer<ObjectContent> sink, int[] count) throws XMLStreamException {
    String[] token = {null};
    eachReturnvalChild(r, () -> {
      switch (r.getLocalName()) {
        case "token" -> token[0] = r.getElementText();
        case "objects" -> {
          sink.accept(ObjectContent.of(SafeXml.readNode(r)));
          count[0]++;
        }
        default -> SafeXml.skip(r);
      }
    });
    return token[0];
  }

  /** Reads the current element, a child of an answer's returnval. */
  private interface ChildReader {
    void read() throws XMLStreamException;
  }

  /** Calls {@code child} on each child element of the answer's returnval; other elements are skipped. */
  private static void eachReturnvalChild(XMLStreamReader r, ChildReader child) throws XMLStreamException {
    while (SafeXml.nextElement(r)) {
      if (!r.getLocalName().equals("returnval")) {
        SafeXml.skip(r);
        continue;
      }
      while (SafeXml.nextElement(r)) {
        child.read();
      }
    }
  }

  /** Creates a filter for {@link #waitForUpdates}; it lives as long as the session. */
  public ManagedObjectReference createFilter(PropertySpec spec) {
    SoapBody body = SoapBody.of("CreateFilter").moRef("_this", ref);
    spec.write(body, "spec");
    body.text("partialUpdates", false);
    XmlNode rv = transport.call(body, ResponseReader.returnval());
    if (rv == null) {
      throw new VimProtocolException(transport.vcenter() + ": CreateFilter answered no filter", null);
    }
    return rv.asMoRef();
  }

  public void destroyFilter(ManagedObjectReference filter) {
    transport.call(SoapBody.of("DestroyPropertyFilter").moRef("_this", filter), ResponseReader.ignore());
  }

  /**
   * Returns the changes since {@code version} ("" for everything) without waiting, at most {@code
   * maxObjectUpdates} objects per answer; the consumer receives each object's update.
   *
   * @return the new version and whether more changes are pending (truncated answer)
   */
  public UpdateResult waitForUpdates(String version, int maxObjectUpdates, Consumer<ObjectUpdate> sink) {
    SoapBody body =
        SoapBody.of("WaitForUpdatesEx")
            .moRef("_this", ref)
            .text("version", version)
            .open("options")
            .text("maxWaitSeconds", 0)
            .text("maxObjectUpdates", maxObjectUpdates)
            .close("options");
    return transport.call(body, r -> readUpdates(r, version, sink));
  }

  private static UpdateResult readUpdates(XMLStreamReader r, String version, Consumer<ObjectUpdate> sink)
      throws XMLStreamException {
    String[] newVersion = {version};
    boolean[] truncated = {false};
    eachReturnvalChild(r, () -> {
      switch (r.getLocalName()) {
        case "version" -> newVersion[0] = r.getElementText();
        case "truncated" -> truncated[0] = Boolean.parseBoolean(r.getElementText().trim());
        case "filterSet" -> {
          ManagedObjectReference filter = null;
          while (SafeXml.nextElement(r)) {
            if (r.getLocalName().equals("filter")) {
              filter = SafeXml.readNode(r).asMoRef();
            } else if (r.getLocalName().equals("objectSet")) {
              sink.accept(ObjectUpdate.of(filter, SafeXml.readNode(r)));
            } else {
              SafeXml.skip(r);
            }
          }
        }
        default -> SafeXml.skip(r);
      }
    });
    return new UpdateResult(newVersion[0], truncated[0]);
  }

  /** Version to ask from next time, and whether vCenter has more to send already. */
  public record UpdateResult(String version, boolean truncated) {}
}
