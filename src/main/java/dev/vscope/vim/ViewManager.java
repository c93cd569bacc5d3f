package dev.vscope.vim;

import java.util.List;

/** vCenter's ViewManager: container views, the cheap way to select every object of some types. */
public final class ViewManager {

  private final SoapTransport transport;
  private final ManagedObjectReference ref;

  ViewManager(SoapTransport transport, ManagedObjectReference ref) {
    this.transport = transport;
    this.ref = ref;
  }

  /** A recursive view of the objects of these types under {@code container}. Destroy it after use. */
  public ManagedObjectReference createContainerView(ManagedObjectReference container, List<String> types) {
    XmlNode rv =
        transport.call(
            SoapBody.of("CreateContainerView")
                .moRef("_this", ref)
                .moRef("container", container)
                .texts("type", types)
                .text("recursive", true),
            ResponseReader.returnval());
    if (rv == null) {
      throw new VimProtocolException(transport.vcenter() + ": CreateContainerView answered no view", null);
    }
    return rv.asMoRef();
  }

  public void destroyView(ManagedObjectReference view) {
    transport.call(SoapBody.of("DestroyView").moRef("_this", view), ResponseReader.ignore());
  }
}
