package dev.vscope.collect;

import dev.vscope.LogText;
import dev.vscope.vim.ManagedObjectReference;
import dev.vscope.vim.ObjectUpdate;
import dev.vscope.vim.PropertyCollector;
import dev.vscope.vim.PropertySpec;
import dev.vscope.vim.VimClient;
import dev.vscope.vim.VimFaultException;
import dev.vscope.vim.VimResponseTooLargeException;
import java.time.Duration;
import java.time.Instant;
import dev.vscope.vim.XmlNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a vCenter's inventory up to date with WaitForUpdatesEx: the first call returns everything,
 * later calls only what changed since, which is what keeps a one-minute cycle cheap for a vCenter
 * with tens of thousands of VMs. One property filter per datacenter says which datacenter an object
 * belongs to; a filter on the datacenters themselves notices one being added or removed. The VMs
 * that have snapshots and the alarms triggered are followed by name as well ({@link
 * NamedObjectTracker}), for their files and names: reading those of every object would cost too much.
 *
 * <p>Filters live in the vCenter session: when the session was re-established, the set of
 * datacenters changed, an update failed, or an hour passed, the tracker starts over with a full read. Not thread-safe: one collection
 * cycle at a time uses it.
 *
 * <p>Each answer is limited to {@code pageSize} objects (maxObjectUpdates); a truncated answer is
 * followed at once until the version is complete. A vCenter whose answers exceed the size cap
 * anyway does not keep to that limit: the tracker then falls back to reading the whole inventory
 * each cycle with {@link InventoryReader}, for as long as it lives, and says so in {@link
 * #fallback()}.
 */
public final class InventoryTracker {

  private static final Logger logger = LoggerFactory.getLogger(InventoryTracker.class);
  /** A full read now and then repairs whatever an incremental follow might have missed. */
  private static final Duration RESYNC = Duration.ofHours(1);

  private final VimClient vc;
  private final Clock clock;
  private final int pageSize;
  private final Map<ManagedObjectReference, ManagedObjectReference> dcByFilter = new HashMap<>();
  private final Map<ManagedObjectReference, String> dcNames = new HashMap<>();
  private final Map<ManagedObjectReference, Map<ManagedObjectReference, Map<String, XmlNode>>> objectsByDc = new HashMap<>();
  private final Map<ManagedObjectReference, Map<String, XmlNode>> dcProps = new HashMap<>();
  /** The VMs with snapshots and the alarms triggered, followed by name (issue 13). */
  private final NamedObjectTracker named = new NamedObjectTracker(InventorySpec.NAMED);
  private final List<ManagedObjectReference> views = new ArrayList<>();
  private ManagedObjectReference dcFilter;
  private String version;
  private long generation = -1;
  private boolean datacentersChanged;
  private boolean initialRead;
  private Instant lastReset = Instant.MIN;
  private InventoryReader fullReads;
  private String fallback;

  /** @param pageSize objects per WaitForUpdatesEx answer */
  public InventoryTracker(VimClient vc, Clock clock, int pageSize) {
    this.vc = vc;
    this.clock = clock;
    this.pageSize = pageSize;
  }

  /** Applies what changed since the last call and returns the whole inventory. */
  public Inventory refresh() {
    if (fullReads != null) {
      return byName(fullReads.read());
    }
    try {
      follow();
    } catch (VimResponseTooLargeException e) {
      // vCenter answered past the size cap although each answer was limited to pageSize objects:
      // it ignores maxObjectUpdates (govmomi's simulator did, issue 11). Every cycle would fail the
      // same way, so read the inventory whole instead, now and in the next cycles.
      close();
      fallback = e.getMessage() + " although maxObjectUpdates=" + pageSize
          + " was asked: the inventory is read whole every cycle instead of followed";
      logger.warn("{}", fallback);
      fullReads = new InventoryReader(vc, pageSize, clock);
      return byName(fullReads.read());
    }
    String vcenter = vc.endpoint().name();
    List<Inventory.Datacenter> dcs = new ArrayList<>();
    for (Map.Entry<ManagedObjectReference, String> dc : dcNames.entrySet()) {
      dcs.add(InventoryBuilder.datacenter(vcenter, dc.getKey(), dc.getValue(), objectsByDc.getOrDefault(dc.getKey(), Map.of()),
          dcProps.getOrDefault(dc.getKey(), Map.of()), named::props));
    }
    return byName(new Inventory(vcenter, clock.instant(), dcs));
  }

  /** Datacenters in name order, however they were read. */
  private static Inventory byName(Inventory inv) {
    List<Inventory.Datacenter> dcs = new ArrayList<>(inv.datacenters());
    dcs.sort(java.util.Comparator.comparing(Inventory.Datacenter::name));
    return new Inventory(inv.vcenter(), inv.collectedAt(), dcs);
  }

  /**
   * Why the inventory is read whole every cycle instead of followed with WaitForUpdatesEx, or null
   * while it is followed.
   */
  public String fallback() {
    if (fullReads != null && fullReads.readsInBatches()) {
      return fallback + ", in batches of named objects (RetrievePropertiesEx answers exceed the cap too)";
    }
    return fallback;
  }

  /** Brings the followed objects up to date with vCenter's changes. */
  private void follow() {
    if (version == null || generation != vc.sessionGeneration() || datacentersChanged
        || clock.instant().isAfter(lastReset.plus(RESYNC))) {
      reset();
    }
    try {
      poll();
      followNamed();
    } catch (VimFaultException e) {
      // vCenter no longer knows our version (InvalidCollectorVersion) or could not compute the
      // changes: what changed is unknown, so read everything again, once
      logger.info("{}: incremental inventory update failed ({}), reading it whole", vc.endpoint().name(), LogText.of(e.getMessage()));
      reset();
      poll();
      followNamed();
    } catch (RuntimeException | Error e) {
      // changes may have been consumed by a call whose answer was lost (or not all applied, on
      // an OutOfMemoryError): start over next time
      version = null;
      throw e;
    }
  }

  private void poll() {
    PropertyCollector pc = vc.propertyCollector();
    PropertyCollector.UpdateResult result;
    do {
      result = pc.waitForUpdates(version, pageSize, this::apply);
      version = result.version();
    } while (result.truncated());
    initialRead = false;
  }

  /**
   * Follows the objects the inventory now names (the VMs with snapshots, the alarms triggered) and,
   * when that made a filter, reads its first answer at once, so that this cycle shows them.
   */
  private void followNamed() {
    Set<ManagedObjectReference> wanted = new HashSet<>();
    for (ManagedObjectReference dc : dcNames.keySet()) {
      wanted.addAll(InventoryBuilder.namedObjects(objectsByDc.getOrDefault(dc, Map.of()), dcProps.getOrDefault(dc, Map.of())));
    }
    if (named.follow(vc.propertyCollector(), wanted)) {
      poll();
    }
  }

  private void apply(ObjectUpdate u) {
    if (u.filter() != null && u.filter().equals(dcFilter)) {
      // a datacenter added or removed after the start: rebuild the per-datacenter filters next time
      if (!"modify".equals(u.kind()) && !(initialRead && "enter".equals(u.kind()))) {
        datacentersChanged = true;
      }
      if ("leave".equals(u.kind())) {
        dcProps.remove(u.obj());
      } else {
        applyChanges(dcProps.computeIfAbsent(u.obj(), d -> new HashMap<>()), u);
      }
      return;
    }
    if (named.apply(u)) {
      return;
    }
    ManagedObjectReference dc = dcByFilter.get(u.filter());
    if (dc == null) {
      return;
    }
    Map<ManagedObjectReference, Map<String, XmlNode>> objects = objectsByDc.computeIfAbsent(dc, d -> new HashMap<>());
    if ("leave".equals(u.kind())) {
      objects.remove(u.obj());
      return;
    }
    applyChanges(objects.computeIfAbsent(u.obj(), o -> new HashMap<>()), u);
  }

  /** Applies an object's changes, keeping of each value what vscope reads ({@link InventorySpec#KEPT}, {@link InventorySpec#SPARSE}). */
  static void applyChanges(Map<String, XmlNode> props, ObjectUpdate u) {
    for (ObjectUpdate.Change c : u.changes()) {
      XmlNode val = c.val() == null ? null : InventorySpec.KEPT.getOrDefault(c.name(), v -> v).apply(c.val());
      if (val == null || "remove".equals(c.op()) || "indirectRemove".equals(c.op()) || InventorySpec.SPARSE.contains(c.name()) && saysNothing(val)) {
        props.remove(c.name());
      } else {
        props.put(c.name(), val);
      }
    }
  }

  /** An empty array or {@code false}: what an absent property reads as too. */
  private static boolean saysNothing(XmlNode val) {
    return val.children().isEmpty() && (val.text().isBlank() || "false".equals(val.text().trim()));
  }

  /** Drops what the session held and sets up views and filters for a full read. */
  private void reset() {
    close();
    generation = vc.sessionGeneration();
    datacentersChanged = false;
    PropertyCollector pc = vc.propertyCollector();
    ManagedObjectReference root = vc.viewManager().createContainerView(vc.serviceContent().rootFolder(), List.of("Datacenter"));
    views.add(root);
    dcFilter = pc.createFilter(PropertySpec.ofView(root, Map.of("Datacenter", InventorySpec.DATACENTER)));
    dcNames.putAll(InventoryReader.datacenters(vc, pageSize));
    for (ManagedObjectReference dc : dcNames.keySet()) {
      ManagedObjectReference view = vc.viewManager().createContainerView(dc, List.copyOf(InventorySpec.BY_TYPE.keySet()));
      views.add(view);
      dcByFilter.put(pc.createFilter(PropertySpec.ofView(view, InventorySpec.BY_TYPE)), dc);
    }
    version = "";
    initialRead = true;
    lastReset = clock.instant();
  }

  /** Destroys the filters and views of the current session, if it still exists. */
  public void close() {
    try {
      if (generation == vc.sessionGeneration()) {
        for (ManagedObjectReference f : dcByFilter.keySet()) {
          vc.propertyCollector().destroyFilter(f);
        }
        for (ManagedObjectReference f : named.filters()) {
          vc.propertyCollector().destroyFilter(f);
        }
        if (dcFilter != null) {
          vc.propertyCollector().destroyFilter(dcFilter);
        }
        for (ManagedObjectReference v : views) {
          vc.viewManager().destroyView(v);
        }
      }
    } catch (RuntimeException ignored) {
      // they die with the session; nothing to clean up on a vCenter that is gone
    } finally {
      dcByFilter.clear();
      dcNames.clear();
      dcProps.clear();
      objectsByDc.clear();
      named.clear();
      views.clear();
      dcFilter = null;
      version = null;
    }
  }
}
