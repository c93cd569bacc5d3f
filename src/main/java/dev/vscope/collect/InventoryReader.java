package dev.vscope.collect;

import dev.vscope.vim.ManagedObjectReference;
import dev.vscope.vim.PropertySpec;
import dev.vscope.vim.VimClient;
import dev.vscope.vim.VimResponseTooLargeException;
import dev.vscope.vim.XmlNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a vCenter's whole inventory, with paged RetrievePropertiesEx calls through one container
 * view per datacenter. For repeated reads use {@link InventoryTracker}, which asks only for what
 * changed.
 *
 * <p>A page answered past the size cap (a vCenter that ignores {@code maxObjects}) switches this
 * reader, for this read and the next ones, to {@link ObjectBatches}: the objects listed first, then
 * read by name, a batch at a time (issue 11). Not thread-safe.
 */
public final class InventoryReader {

  private static final Logger logger = LoggerFactory.getLogger(InventoryReader.class);

  private final VimClient vc;
  private final int pageSize;
  private final Clock clock;
  private ObjectBatches batches;

  public InventoryReader(VimClient vc, int pageSize, Clock clock) {
    this.vc = vc;
    this.pageSize = pageSize;
    this.clock = clock;
  }

  public Inventory read() {
    String vcenter = vc.endpoint().name();
    List<Inventory.Datacenter> dcs = new ArrayList<>();
    for (Map.Entry<ManagedObjectReference, Map<String, XmlNode>> dc : datacenterProps(vc, pageSize).entrySet()) {
      Map<ManagedObjectReference, Map<String, XmlNode>> objects = new HashMap<>();
      withView(vc, dc.getKey(), List.copyOf(InventorySpec.BY_TYPE.keySet()), view -> readView(view, objects));
      Map<ManagedObjectReference, Map<String, XmlNode>> named =
          NamedObjectTracker.read(vc, InventorySpec.NAMED, InventoryBuilder.namedObjects(objects, dc.getValue()), pageSize);
      dcs.add(InventoryBuilder.datacenter(vcenter, dc.getKey(), name(dc.getKey(), dc.getValue()), objects, dc.getValue(),
          o -> named.getOrDefault(o, Map.of())));
    }
    return new Inventory(vcenter, clock.instant(), dcs);
  }

  /** Whether reads go by named batches, since a paged answer exceeded the size cap. */
  public boolean readsInBatches() {
    return batches != null;
  }

  private void readView(ManagedObjectReference view, Map<ManagedObjectReference, Map<String, XmlNode>> objects) {
    if (batches == null) {
      try {
        vc.propertyCollector().retrieve(PropertySpec.ofView(view, InventorySpec.BY_TYPE), pageSize,
            oc -> objects.put(oc.obj(), InventorySpec.kept(oc.props())));
        return;
      } catch (VimResponseTooLargeException e) {
        logger.warn("{}; vCenter did not keep to maxObjects={} or its pages are too large: the inventory is read in batches of"
            + " named objects from now on", e.getMessage(), pageSize);
        batches = new ObjectBatches(vc, pageSize);
        objects.clear();
      }
    }
    batches.read(view, InventorySpec.BY_TYPE, oc -> objects.put(oc.obj(), InventorySpec.kept(oc.props())));
  }

  /** Every datacenter of the vCenter by reference, with its name, in vCenter's order. */
  static Map<ManagedObjectReference, String> datacenters(VimClient vc, int pageSize) {
    Map<ManagedObjectReference, String> dcs = new LinkedHashMap<>();
    datacenterProps(vc, pageSize).forEach((dc, props) -> dcs.put(dc, name(dc, props)));
    return dcs;
  }

  /** Every datacenter of the vCenter by reference, with its properties ({@link InventorySpec#DATACENTER}), in vCenter's order. */
  private static Map<ManagedObjectReference, Map<String, XmlNode>> datacenterProps(VimClient vc, int pageSize) {
    Map<ManagedObjectReference, Map<String, XmlNode>> dcs = new LinkedHashMap<>();
    withView(vc, vc.serviceContent().rootFolder(), List.of("Datacenter"), view ->
        vc.propertyCollector()
            .retrieve(PropertySpec.ofView(view, Map.of("Datacenter", InventorySpec.DATACENTER)), pageSize, oc -> dcs.put(oc.obj(), oc.props())));
    return dcs;
  }

  private static String name(ManagedObjectReference dc, Map<String, XmlNode> props) {
    XmlNode name = props.get("name");
    return name == null ? dc.value() : name.text();
  }

  /** Runs {@code use} with a container view and destroys the view after, even on failure. */
  static void withView(VimClient vc, ManagedObjectReference container, List<String> types, java.util.function.Consumer<ManagedObjectReference> use) {
    ManagedObjectReference view = vc.viewManager().createContainerView(container, types);
    try {
      use.accept(view);
    } finally {
      try {
        vc.viewManager().destroyView(view);
      } catch (RuntimeException ignored) {
        // the view dies with the session anyway; the original failure matters more
      }
    }
  }
}
