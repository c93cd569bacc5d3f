package dev.vscope.vim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to read with the PropertyCollector: which properties of which types, from every object of
 * a container view or from a list of objects.
 *
 * @param objects the container view (when {@code throughView}) or the objects themselves
 * @param missingInResults an object that no longer exists comes back with a missingSet instead of
 *     failing the whole call with ManagedObjectNotFound
 */
public record PropertySpec(
    List<ManagedObjectReference> objects, boolean throughView, Map<String, List<String>> pathsByType, boolean missingInResults) {

  public PropertySpec {
    objects = List.copyOf(objects);
    pathsByType = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pathsByType));
  }

  /** Every object of the view's types, with these properties per type. */
  public static PropertySpec ofView(ManagedObjectReference view, Map<String, List<String>> pathsByType) {
    return new PropertySpec(List.of(view), true, pathsByType, false);
  }

  /** One object's properties. */
  public static PropertySpec ofObject(ManagedObjectReference obj, List<String> paths) {
    return new PropertySpec(List.of(obj), false, Map.of(obj.type(), paths), false);
  }

  /**
   * These objects, with the properties of their type. The answer's size is bounded by the list,
   * whether or not vCenter honours {@code maxObjects}. An object deleted since the list was made
   * comes back with a missingSet and no properties: in a list of thousands, one VM removed
   * meanwhile must not fail the read.
   */
  public static PropertySpec ofObjects(List<ManagedObjectReference> objects, Map<String, List<String>> pathsByType) {
    return new PropertySpec(objects, false, pathsByType, true);
  }

  /** Writes a vim25 PropertyFilterSpec as element {@code name}. */
  void write(SoapBody body, String name) {
    body.open(name);
    for (Map.Entry<String, List<String>> e : pathsByType.entrySet()) {
      body.open("propSet").text("type", e.getKey()).text("all", false).texts("pathSet", e.getValue()).close("propSet");
    }
    for (ManagedObjectReference obj : objects) {
      body.open("objectSet").moRef("obj", obj).text("skip", throughView);
      if (throughView) {
        body.open("selectSet", "TraversalSpec")
            .text("name", "view")
            .text("type", "ContainerView")
            .text("path", "view")
            .text("skip", false)
            .close("selectSet");
      }
      body.close("objectSet");
    }
    if (missingInResults) {
      body.text("reportMissingObjectsInResults", true);
    }
    body.close(name);
  }
}
