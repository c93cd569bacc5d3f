package dev.vscope.vim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to read with the PropertyCollector: which properties of which types, from every object of
 * a container view or from one object.
 */
public record PropertySpec(ManagedObjectReference root, boolean throughView, Map<String, List<String>> pathsByType) {

  public PropertySpec {
    pathsByType = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pathsByType));
  }

  /** Every object of the view's types, with these properties per type. */
  public static PropertySpec ofView(ManagedObjectReference view, Map<String, List<String>> pathsByType) {
    return new PropertySpec(view, true, pathsByType);
  }

  /** One object's properties. */
  public static PropertySpec ofObject(ManagedObjectReference obj, List<String> paths) {
    return new PropertySpec(obj, false, Map.of(obj.type(), paths));
  }

  /** Writes a vim25 PropertyFilterSpec as element {@code name}. */
  void write(SoapBody body, String name) {
    body.open(name);
    for (Map.Entry<String, List<String>> e : pathsByType.entrySet()) {
      body.open("propSet").text("type", e.getKey()).text("all", false).texts("pathSet", e.getValue()).close("propSet");
    }
    body.open("objectSet").moRef("obj", root).text("skip", throughView);
    if (throughView) {
      body.open("selectSet", "TraversalSpec")
          .text("name", "view")
          .text("type", "ContainerView")
          .text("path", "view")
          .text("skip", false)
          .close("selectSet");
    }
    body.close("objectSet");
    body.close(name);
  }
}
