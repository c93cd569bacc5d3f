package dev.vscope.collect;

import dev.vscope.vim.ManagedObjectReference;
import dev.vscope.vim.ObjectContent;
import dev.vscope.vim.ObjectUpdate;
import dev.vscope.vim.PropertyCollector;
import dev.vscope.vim.PropertySpec;
import dev.vscope.vim.VimClient;
import dev.vscope.vim.XmlNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows objects named one by one, not every object of a type through a view: the VMs that have
 * snapshots, for their {@code layoutEx}, and the alarms triggered, for their names (issue 13;
 * {@link InventorySpec#NAMED}). The set changes as snapshots are taken and removed and alarms
 * trigger; a vCenter filter cannot change its objects, so each call of {@link #follow} that finds
 * objects not followed yet makes one filter for all of them, whose values come with the next
 * WaitForUpdatesEx (a filter made after the first reports its objects as they enter), and a
 * filter none of whose objects is wanted any more is destroyed. An object that leaves the set
 * while its filter still serves others is no longer read from it; followed again later, it gets a
 * filter of its own, whose first answer brings its values whole.
 *
 * <p>So one cycle makes at most one filter, and vCenter sends the files of 40,000 VMs only for
 * those with snapshots. Not thread-safe: it lives in {@link InventoryTracker}'s session, which
 * destroys the filters with the others ({@link #filters()}) and then {@link #clear()}s it.
 */
final class NamedObjectTracker {

  private final Map<String, List<String>> pathsByType;
  /** Each followed object's filter: the one its values are read from. */
  private final Map<ManagedObjectReference, ManagedObjectReference> owner = new HashMap<>();
  /** Each filter's number of objects still read from it. */
  private final Map<ManagedObjectReference, Integer> members = new LinkedHashMap<>();
  private final Map<ManagedObjectReference, Map<String, XmlNode>> props = new HashMap<>();

  NamedObjectTracker(Map<String, List<String>> pathsByType) {
    this.pathsByType = Map.copyOf(pathsByType);
  }

  /**
   * Follows exactly {@code wanted} from now on.
   *
   * @return whether a filter was made, whose values the next WaitForUpdatesEx brings
   */
  boolean follow(PropertyCollector pc, Set<ManagedObjectReference> wanted) {
    for (Iterator<Map.Entry<ManagedObjectReference, ManagedObjectReference>> it = owner.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<ManagedObjectReference, ManagedObjectReference> e = it.next();
      if (!wanted.contains(e.getKey())) {
        it.remove();
        props.remove(e.getKey());
        ManagedObjectReference filter = e.getValue();
        if (members.merge(filter, -1, Integer::sum) <= 0) {
          members.remove(filter);
          pc.destroyFilter(filter);
        }
      }
    }
    List<ManagedObjectReference> added = wanted.stream().filter(o -> !owner.containsKey(o))
        .sorted(Comparator.comparing(ManagedObjectReference::type).thenComparing(ManagedObjectReference::value)).toList();
    if (added.isEmpty()) {
      return false;
    }
    ManagedObjectReference filter = pc.createFilter(spec(added));
    members.put(filter, added.size());
    added.forEach(o -> owner.put(o, filter));
    return true;
  }

  /** Applies an update if one of its filters sent it; false for another filter's. */
  boolean apply(ObjectUpdate u) {
    if (!members.containsKey(u.filter())) {
      return false;
    }
    if (!u.filter().equals(owner.get(u.obj()))) {
      return true; // no longer wanted, or followed by a newer filter
    }
    if ("leave".equals(u.kind())) {
      props.remove(u.obj());
      return true;
    }
    InventoryTracker.applyChanges(props.computeIfAbsent(u.obj(), o -> new HashMap<>()), u);
    return true;
  }

  /** The properties read of a followed object; empty until its filter answered. */
  Map<String, XmlNode> props(ManagedObjectReference obj) {
    return props.getOrDefault(obj, Map.of());
  }

  /** The filters it made, to destroy with the session's. */
  Collection<ManagedObjectReference> filters() {
    return List.copyOf(members.keySet());
  }

  /** Forgets everything, after the filters were destroyed or died with the session. */
  void clear() {
    owner.clear();
    members.clear();
    props.clear();
  }

  /**
   * Reads these objects once, without following them ({@link InventoryReader}), a page of {@code
   * pageSize} at a time: a list of named objects bounds each answer whatever vCenter does with
   * {@code maxObjects}.
   */
  static Map<ManagedObjectReference, Map<String, XmlNode>> read(VimClient vc, Map<String, List<String>> pathsByType,
      Set<ManagedObjectReference> objects, int pageSize) {
    NamedObjectTracker paths = new NamedObjectTracker(pathsByType);
    List<ManagedObjectReference> all = new ArrayList<>(objects);
    Map<ManagedObjectReference, Map<String, XmlNode>> out = new HashMap<>();
    for (int i = 0; i < all.size(); i += pageSize) {
      List<ManagedObjectReference> batch = all.subList(i, Math.min(all.size(), i + pageSize));
      vc.propertyCollector().retrieve(paths.spec(batch), batch.size(), (ObjectContent oc) -> out.put(oc.obj(), oc.props()));
    }
    return out;
  }

  /** These objects with the paths of their types; an object deleted meanwhile comes back missing. */
  private PropertySpec spec(List<ManagedObjectReference> objects) {
    Map<String, List<String>> paths = new LinkedHashMap<>();
    for (ManagedObjectReference o : objects) {
      List<String> p = pathsByType.get(o.type());
      if (p != null) {
        paths.put(o.type(), p);
      }
    }
    return PropertySpec.ofObjects(objects, paths);
  }
}
