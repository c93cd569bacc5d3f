package dev.vscope.vim;

/**
 * An entity an event names ({@code EntityEventArgument}): its reference and its name as it was
 * when the event happened. vCenter keeps the name in the event because the entity may be renamed
 * or gone by the time the event is read.
 */
public record EventArgument(ManagedObjectReference ref, String name) {

  /**
   * Reads {@code <host><name>h1</name><host type="HostSystem">host-1</host></host>}: the name, and
   * the one child that is a reference, whatever its element is called ({@code vm}, {@code
   * datastore}, {@code entity}...). Null when the argument holds no reference.
   */
  static EventArgument of(XmlNode node) {
    if (node == null) {
      return null;
    }
    for (XmlNode c : node.children()) {
      if (c.attributes().containsKey("type")) {
        return new EventArgument(c.asMoRef(), node.childText("name"));
      }
    }
    return null;
  }
}
