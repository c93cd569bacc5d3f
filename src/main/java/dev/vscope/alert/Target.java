package dev.vscope.alert;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * What an alert is about, and where it is: an entity with the datacenter, clusters, hosts and
 * datastores it lies in (by id and name, as they were when the alert started), a vCenter, or the
 * history store. Scopes match its names ({@link Scope}), silences its ids ({@link Silence}), and
 * the API filters alerts by its id (a user sees the alerts of the entities they may see).
 *
 * @param id the entity's id ({@code prod:vm-42}); the vCenter's name for a vCenter; {@code store} for the store
 * @param vcenter the vCenter it belongs to; null for the store
 * @param datacenter null for a vCenter and the store
 * @param clusters the cluster of a host or of a VM's host, the clusters whose hosts mount a datastore, a cluster itself
 * @param hosts a host itself, a VM's host, the hosts that mount a datastore
 * @param datastores a VM's datastores, a host's, a datastore itself
 */
public record Target(Kind kind, String id, String name, String vcenter, Ref datacenter, List<Ref> clusters, List<Ref> hosts,
    List<Ref> datastores) {

  /** What kind of thing a target is; JSON in lower case. */
  public enum Kind {
    VM,
    HOST,
    DATASTORE,
    CLUSTER,
    VCENTER,
    STORE;

    @JsonValue
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** An object named by its id and its name. */
  public record Ref(String id, String name) {}

  public static final String STORE_ID = "store";

  public Target {
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
    hosts = hosts == null ? List.of() : List.copyOf(hosts);
    datastores = datastores == null ? List.of() : List.copyOf(datastores);
  }

  /** A vCenter, as collection rules watch it. */
  public static Target vcenter(String name) {
    return new Target(Kind.VCENTER, name, name, name, null, List.of(), List.of(), List.of());
  }

  /** The history store, which all vCenters write to. */
  public static Target store() {
    return new Target(Kind.STORE, STORE_ID, "history store", null, null, List.of(), List.of(), List.of());
  }

  /** Whether this is an entity of a vCenter's inventory (not a vCenter or the store). */
  @JsonIgnore
  public boolean isEntity() {
    return kind != Kind.VCENTER && kind != Kind.STORE;
  }

  /** Whether this target is {@code id} or lies in it: a vCenter's name, a datacenter, cluster, host or datastore id. */
  public boolean within(String other) {
    if (other.equals(id) || other.equals(vcenter) && kind != Kind.STORE) {
      return true;
    }
    if (datacenter != null && other.equals(datacenter.id())) {
      return true;
    }
    return has(clusters, other) || has(hosts, other) || kind == Kind.VM && has(datastores, other);
  }

  private static boolean has(List<Ref> refs, String id) {
    for (Ref r : refs) {
      if (r.id().equals(id)) {
        return true;
      }
    }
    return false;
  }
}
