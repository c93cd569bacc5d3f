package dev.vscope.vim;

/**
 * vCenter's EventManager: makes the collectors that events are read through. A collector lives in
 * the session that made it, and vCenter bounds how many a session may hold ({@code
 * maxCollector}): whoever creates one destroys it when done.
 *
 * <pre>{@code
 * EventHistoryCollector c = vc.eventManager().createCollector(new EventFilter(types, since));
 * List<VimEvent> page = c.readNext(500); // oldest first; again later for the newer ones
 * c.destroy();
 * }</pre>
 */
public final class EventManager {

  private final SoapTransport transport;
  private final ManagedObjectReference ref;

  EventManager(SoapTransport transport, ManagedObjectReference ref) {
    this.transport = transport;
    this.ref = ref;
  }

  /**
   * CreateCollectorForEvents. A user without the privilege to read events gets a {@link
   * VimFaultException} of {@link VimFault#NO_PERMISSION}.
   */
  public EventHistoryCollector createCollector(EventFilter filter) {
    SoapBody body = SoapBody.of("CreateCollectorForEvents").moRef("_this", ref);
    filter.write(body, "filter");
    XmlNode rv = transport.call(body, ResponseReader.returnval());
    if (rv == null) {
      throw new VimProtocolException(transport.vcenter() + ": CreateCollectorForEvents answered no collector", null);
    }
    return new EventHistoryCollector(transport, rv.asMoRef());
  }
}
