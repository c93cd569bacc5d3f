package dev.vscope.vim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One object's change from WaitForUpdatesEx: it appeared ({@code enter}), changed ({@code modify})
 * or went away ({@code leave}), with the properties that changed, and the filter that saw it.
 */
public record ObjectUpdate(
    ManagedObjectReference filter, String kind, ManagedObjectReference obj, List<Change> changes, Map<String, String> missing) {

  /** A property change; {@code op} is assign, add, remove or indirectRemove, {@code val} null when removed. */
  public record Change(String name, String op, XmlNode val) {}

  public ObjectUpdate {
    changes = List.copyOf(changes);
    missing = Map.copyOf(missing);
  }

  static ObjectUpdate of(ManagedObjectReference filter, XmlNode objectSet) {
    List<Change> changes = new ArrayList<>();
    for (XmlNode c : objectSet.children("changeSet")) {
      changes.add(new Change(c.childText("name"), c.childText("op"), c.child("val")));
    }
    return new ObjectUpdate(
        filter,
        objectSet.childText("kind"),
        objectSet.child("obj").asMoRef(),
        changes,
        ObjectContent.missing(objectSet.children("missingSet")));
  }
}
