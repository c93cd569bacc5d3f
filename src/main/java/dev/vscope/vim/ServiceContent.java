package dev.vscope.vim;

/**
 * The parts of vCenter's ServiceContent that vscope uses: the managers' references and what the
 * server says about itself.
 */
public record ServiceContent(
    ManagedObjectReference rootFolder,
    ManagedObjectReference propertyCollector,
    ManagedObjectReference viewManager,
    ManagedObjectReference sessionManager,
    ManagedObjectReference perfManager,
    ManagedObjectReference setting,
    ManagedObjectReference eventManager,
    String apiType,
    String apiVersion,
    String fullName,
    String instanceUuid) {

  static final ManagedObjectReference SERVICE_INSTANCE = new ManagedObjectReference("ServiceInstance", "ServiceInstance");

  /** Calls RetrieveServiceContent, which needs no session. */
  static ServiceContent retrieve(SoapTransport transport) {
    XmlNode rv =
        transport.call(
            SoapBody.of("RetrieveServiceContent").moRef("_this", SERVICE_INSTANCE), ResponseReader.returnval());
    if (rv == null) {
      throw new VimProtocolException(transport.vcenter() + ": RetrieveServiceContent answered no content", null);
    }
    XmlNode about = rv.child("about");
    return new ServiceContent(
        ref(transport, rv, "rootFolder"),
        ref(transport, rv, "propertyCollector"),
        ref(transport, rv, "viewManager"),
        ref(transport, rv, "sessionManager"),
        ref(transport, rv, "perfManager"),
        optionalRef(rv, "setting"),
        optionalRef(rv, "eventManager"),
        about == null ? null : about.childText("apiType"),
        about == null ? null : about.childText("apiVersion"),
        about == null ? null : about.childText("fullName"),
        about == null ? null : about.childText("instanceUuid"));
  }

  private static ManagedObjectReference ref(SoapTransport t, XmlNode rv, String name) {
    ManagedObjectReference ref = optionalRef(rv, name);
    if (ref == null) {
      throw new VimProtocolException(t.vcenter() + ": ServiceContent has no " + name + "; is this a vCenter?", null);
    }
    return ref;
  }

  private static ManagedObjectReference optionalRef(XmlNode rv, String name) {
    XmlNode n = rv.child(name);
    return n == null || !n.attributes().containsKey("type") ? null : n.asMoRef();
  }
}
