package dev.vscope.web;

import dev.vscope.alert.Alert;
import dev.vscope.alert.Condition;
import dev.vscope.alert.Rule;
import dev.vscope.alert.Scope;
import dev.vscope.alert.Silence;
import dev.vscope.alert.Target;
import dev.vscope.collect.Inventory;
import dev.vscope.collect.SnapshotSource;
import dev.vscope.collect.VcenterSnapshot;
import dev.vscope.config.RuleConfig;
import dev.vscope.config.ScopeConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Alerts, silences and rules as the API shows them to one viewer (issue 14). An alert shows when
 * the viewer may see its entity (an alert of a vCenter or of the store, when they may see the
 * collection status, as everyone may), and names of the places around it only those the viewer
 * may see. A silence shows when every one of its targets does. A rule's scope names only what the
 * viewer may see: a name or pattern that matches something hidden from them and nothing they may
 * see is replaced by {@link #HIDDEN} (one that matches nothing at all names nothing, and stays).
 */
final class AlertRows {

  static final String HIDDEN = "…";

  private AlertRows() {}

  /** An alert as the API shows it. */
  record AlertRow(String id, String rule, String severity, String state, String summary, Target target, Double value,
      Condition.Threshold threshold, Instant activeSince, Instant firingSince, Instant resolvedAt, boolean silenced, Map<String, Instant> notified) {}

  /** A silence as the API shows it, with the names of its targets. */
  record SilenceRow(String id, String rule, List<TargetRef> targets, Instant createdAt, Instant endsAt, String reason, String createdBy,
      boolean active) {}

  record TargetRef(String id, String name, String kind) {}

  /** A rule as the API shows it (read-only: rules live in the configuration file). */
  record RuleRow(String name, String severity, long forSeconds, String condition, String type, String metric, String unit, Double above,
      Double below, String collection, ScopeConfig scope, String summary, boolean builtIn) {}

  static boolean visible(Viewer viewer, Target t) {
    return !t.isEntity() || viewer.canSee(t.id());
  }

  static AlertRow row(Viewer viewer, Alert a, boolean silenced) {
    Target t = a.target();
    Target shown = new Target(t.kind(), t.id(), t.name(), t.vcenter(), t.datacenter(), refs(viewer, t.clusters()), refs(viewer, t.hosts()),
        refs(viewer, t.datastores()));
    return new AlertRow(a.id(), a.rule(), a.severity().toString(), a.state().toString(), a.summary(), shown, a.value(), a.threshold(),
        a.activeSince(), a.firingSince(), a.resolvedAt(), silenced, a.notified());
  }

  private static List<Target.Ref> refs(Viewer viewer, List<Target.Ref> refs) {
    return refs.stream().filter(r -> viewer.canSee(r.id())).toList();
  }

  static RuleRow row(Rule r, Names visible) {
    RuleConfig c = r.config();
    Condition.Threshold t = r.condition().threshold();
    return new RuleRow(c.name(), c.severity().toString(), c.holdFor().toSeconds(), r.condition().describe(), c.type(), c.metric(),
        t == null ? null : t.unit(), c.above(), c.below(), c.collection(), visible.redact(c.scope()), c.summary(), r.builtIn());
  }

  /** The names a viewer may see, per kind of place, and the name and kind of each visible id. */
  static final class Names {
    final Set<String> vcenters = new HashSet<>();
    final Set<String> datacenters = new HashSet<>();
    final Set<String> clusters = new HashSet<>();
    final Set<String> hosts = new HashSet<>();
    final Set<String> datastores = new HashSet<>();
    final Set<String> vms = new HashSet<>();
    /** Every name of each kind, visible or not: a pattern matching only hidden ones is hidden. */
    final Set<String> allDatacenters = new HashSet<>();
    final Set<String> allClusters = new HashSet<>();
    final Set<String> allHosts = new HashSet<>();
    final Set<String> allDatastores = new HashSet<>();
    final Set<String> allVms = new HashSet<>();
    final Map<String, TargetRef> byId = new HashMap<>();

    static Names of(SnapshotSource source, Viewer viewer) {
      Names n = new Names();
      for (VcenterSnapshot s : source.snapshots()) {
        n.vcenters.add(s.status().name());
        n.byId.put(s.status().name(), new TargetRef(s.status().name(), s.status().name(), "vcenter"));
        if (s.inventory() == null) {
          continue;
        }
        for (Inventory.Datacenter dc : s.inventory().datacenters()) {
          n.allDatacenters.add(dc.name());
          dc.clusters().forEach(c -> n.allClusters.add(c.name()));
          dc.hosts().forEach(h -> n.allHosts.add(h.name()));
          dc.datastores().forEach(d -> n.allDatastores.add(d.name()));
          dc.vms().forEach(v -> n.allVms.add(v.name()));
          boolean any = viewer.canSee(dc.id());
          any |= add(viewer, dc.clusters(), Inventory.Cluster::id, Inventory.Cluster::name, n.clusters, "cluster", n.byId);
          any |= add(viewer, dc.hosts(), Inventory.Host::id, Inventory.Host::name, n.hosts, "host", n.byId);
          any |= add(viewer, dc.datastores(), Inventory.Datastore::id, Inventory.Datastore::name, n.datastores, "datastore", n.byId);
          any |= add(viewer, dc.vms(), Inventory.Vm::id, Inventory.Vm::name, n.vms, "vm", n.byId);
          if (any) {
            // as the datacenter list shows it: to whoever sees anything in it
            n.datacenters.add(dc.name());
            n.byId.put(dc.id(), new TargetRef(dc.id(), dc.name(), "datacenter"));
          }
        }
      }
      n.byId.put(Target.STORE_ID, new TargetRef(Target.STORE_ID, "history store", "store"));
      return n;
    }

    private static <T> boolean add(Viewer viewer, List<T> items, java.util.function.Function<T, String> id,
        java.util.function.Function<T, String> name, Set<String> names, String kind, Map<String, TargetRef> byId) {
      boolean any = false;
      for (T item : items) {
        if (viewer.canSee(id.apply(item))) {
          names.add(name.apply(item));
          byId.put(id.apply(item), new TargetRef(id.apply(item), name.apply(item), kind));
          any = true;
        }
      }
      return any;
    }

    ScopeConfig redact(ScopeConfig s) {
      if (s == null) {
        return null;
      }
      return new ScopeConfig(s.vcenters(), redact(s.datacenters(), datacenters, allDatacenters), redact(s.clusters(), clusters, allClusters),
          redact(s.hosts(), hosts, allHosts), redact(s.datastores(), datastores, allDatastores), redact(s.vms(), vms, allVms), redact(s.exclude()));
    }

    private static List<String> redact(List<String> patterns, Set<String> visible, Set<String> all) {
      List<String> out = new ArrayList<>(patterns.size());
      for (String p : patterns) {
        Pattern glob = Scope.glob(p);
        boolean namesVisible = visible.stream().anyMatch(n -> glob.matcher(n).matches());
        boolean namesHidden = all.stream().anyMatch(n -> !visible.contains(n) && glob.matcher(n).matches());
        out.add(namesHidden && !namesVisible ? HIDDEN : p);
      }
      return out;
    }
  }

  static SilenceRow row(Silence s, Names names, Instant now) {
    List<TargetRef> targets = s.targets().stream().map(id -> names.byId.getOrDefault(id, new TargetRef(id, id, null))).toList();
    return new SilenceRow(s.id(), s.rule(), targets, s.createdAt(), s.endsAt(), s.reason(), s.createdBy(), s.active(now));
  }

  /** Whether a viewer may see a silence: every target a place they may see (a datacenter when they see anything in it), a vCenter, or the store. */
  static boolean visible(Viewer viewer, Silence s, Names names) {
    for (String t : s.targets()) {
      if (!names.byId.containsKey(t) && !viewer.canSee(t)) {
        return false;
      }
    }
    return true;
  }
}
