package dev.vscope.vim;

import java.util.List;
import java.util.Map;

/**
 * The properties read of one managed object. {@code missing} names the properties vCenter could
 * not read (for example on a disconnected host), with the fault type it gave.
 */
public record ObjectContent(ManagedObjectReference obj, Map<String, XmlNode> props, Map<String, String> missing) {

  public ObjectContent {
    props = Map.copyOf(props);
    missing = Map.copyOf(missing);
  }

  static ObjectContent of(XmlNode objects) {
    Map<String, XmlNode> props = new java.util.HashMap<>();
    for (XmlNode p : objects.children("propSet")) {
      XmlNode val = p.child("val");
      String name = p.childText("name");
      if (name != null && val != null) {
        props.put(name, val);
      }
    }
    return new ObjectContent(objects.child("obj").asMoRef(), props, missing(objects.children("missingSet")));
  }

  static Map<String, String> missing(List<XmlNode> missingSet) {
    Map<String, String> missing = new java.util.HashMap<>();
    for (XmlNode m : missingSet) {
      XmlNode fault = m.path("fault.fault");
      missing.put(m.childText("path"), fault == null || fault.xsiType() == null ? "unknown" : fault.xsiType());
    }
    return missing;
  }
}
