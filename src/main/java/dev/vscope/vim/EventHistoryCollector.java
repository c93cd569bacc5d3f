package dev.vscope.vim;

import dev.vscope.LogText;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One EventHistoryCollector: a view of the events its filter selects, oldest first, with a position
 * that starts at the oldest. {@link #readNext} returns the events after the position and moves it
 * past them; events recorded later join the view at its end, so calling it again, a cycle later,
 * returns what happened since.
 */
public final class EventHistoryCollector {

  private static final Logger logger = LoggerFactory.getLogger(EventHistoryCollector.class);

  private final SoapTransport transport;
  private final ManagedObjectReference ref;

  EventHistoryCollector(SoapTransport transport, ManagedObjectReference ref) {
    this.transport = transport;
    this.ref = ref;
  }

  public ManagedObjectReference ref() {
    return ref;
  }

  /**
   * ReadNextEvents: at most {@code maxCount} events, oldest first; none once the position is at the
   * newest. An event that cannot be read (no key, a time that is not one) is left out and logged:
   * the position moves past it all the same, and one odd event must not stop the reading for good.
   * A collector that vCenter no longer knows (its session ended) is a {@link
   * VimFaultException} of {@link VimFault#MANAGED_OBJECT_NOT_FOUND}.
   */
  public List<VimEvent> readNext(int maxCount) {
    return transport.call(SoapBody.of("ReadNextEvents").moRef("_this", ref).text("maxCount", maxCount), r -> {
      List<VimEvent> events = new ArrayList<>();
      while (SafeXml.nextElement(r)) {
        XmlNode n = SafeXml.readNode(r);
        if (n.name().equals("returnval")) {
          try {
            events.add(VimEvent.of(n));
          } catch (RuntimeException e) {
            logger.warn("{}: an event of type {} is left out, it cannot be read: {}", transport.vcenter(), LogText.of(n.xsiType()),
                LogText.of(String.valueOf(e.getMessage())));
          }
        }
      }
      return events;
    });
  }

  /** DestroyCollector: vCenter frees it now rather than when the session ends. */
  public void destroy() {
    transport.call(SoapBody.of("DestroyCollector").moRef("_this", ref), ResponseReader.ignore());
  }
}
