package dev.vscope.vim;

/** vCenter's advanced settings (OptionManager), read only. */
public final class OptionManager {

  private final SoapTransport transport;
  private final ManagedObjectReference ref;

  OptionManager(SoapTransport transport, ManagedObjectReference ref) {
    this.transport = transport;
    this.ref = ref;
  }

  /** The value of one setting as text, or null when it is not set. Faults (no privilege) propagate. */
  public String query(String name) {
    XmlNode rv = transport.call(SoapBody.of("QueryOptions").moRef("_this", ref).text("name", name), ResponseReader.returnval());
    if (rv == null) {
      return null;
    }
    String value = rv.childText("value");
    return value == null ? null : value.trim();
  }
}
