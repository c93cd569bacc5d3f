package dev.vscope.health;

import dev.vscope.collect.Inventory;
import dev.vscope.collect.PowerState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * VMs that share, within one vCenter, a value that must be unique to one VM: a BIOS UUID (cloned
 * VMs confuse backup software, guests' licences and vCenter's own lookups), an instance UUID
 * (vCenter's id of the VM), a MAC address or a guest IP address (both break the network of the
 * VMs concerned when they run). One vCenter is the scope: that is where vSphere itself requires
 * them unique; datacenters of one vCenter usually share networks.
 *
 * <p>Every VM of a shared value is a finding, and its detail names the value and the other VMs
 * that have it ({@link Finding#others}): a viewer sees a visible VM flagged even when the VM it
 * collides with is hidden from them (the problem is theirs all the same), but never that VM's name.
 */
final class DuplicateCheck implements HealthCheck {

  private final String id;
  private final Text title;
  private final Severity severity;
  private final Predicate<Inventory.Vm> concerned;
  private final Function<Inventory.Vm, Collection<String>> values;

  private DuplicateCheck(String id, Text title, Severity severity, Predicate<Inventory.Vm> concerned,
      Function<Inventory.Vm, Collection<String>> values) {
    this.id = id;
    this.title = title;
    this.severity = severity;
    this.concerned = concerned;
    this.values = values;
  }

  /** Duplicate BIOS UUIDs ({@code config.uuid}): usually clones, a nuisance more than an outage. */
  static DuplicateCheck biosUuid() {
    return new DuplicateCheck("duplicateBiosUuid", new Text("Duplicate BIOS UUIDs", "UUID BIOS en double"), Severity.WARNING,
        vm -> true, vm -> single(vm.identity().biosUuid()));
  }

  /** Duplicate instance UUIDs ({@code config.instanceUuid}), which vCenter relies on to tell VMs apart. */
  static DuplicateCheck instanceUuid() {
    return new DuplicateCheck("duplicateInstanceUuid", new Text("Duplicate instance UUIDs", "UUID d’instance en double"),
        Severity.CRITICAL, vm -> true, vm -> single(vm.identity().instanceUuid()));
  }

  /** Duplicate MAC addresses of virtual NICs, powered on or not: they collide as soon as both run. */
  static DuplicateCheck mac() {
    return new DuplicateCheck("duplicateMac", new Text("Duplicate MAC addresses", "Adresses MAC en double"), Severity.CRITICAL,
        vm -> true, vm -> vm.identity().macAddresses());
  }

  /**
   * Duplicate guest IP addresses of running VMs. Addresses that every machine may have (loopback,
   * link-local, unspecified) are not compared.
   */
  static DuplicateCheck ip() {
    return new DuplicateCheck("duplicateIp", new Text("Duplicate guest IP addresses", "Adresses IP d’invité en double"),
        Severity.CRITICAL, vm -> vm.powerState() == PowerState.POWERED_ON, vm -> single(routable(vm.identity().ipAddress())));
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Text title() {
    return title;
  }

  @Override
  public Severity severity() {
    return severity;
  }

  @Override
  public List<Finding> run(HealthInput input) {
    // value → the VMs that have it, over the whole vCenter
    Map<String, List<Inventory.Vm>> holders = new HashMap<>();
    for (Inventory.Datacenter dc : input.datacenters()) {
      for (Inventory.Vm vm : dc.vms()) {
        valuesOf(vm).forEach(v -> holders.computeIfAbsent(v, k -> new ArrayList<>(1)).add(vm));
      }
    }
    List<Finding> out = new ArrayList<>();
    for (Inventory.Datacenter dc : input.datacenters()) {
      for (Inventory.Vm vm : dc.vms()) {
        List<String> shared = null;
        Set<Finding.Other> others = null;
        for (String v : valuesOf(vm)) {
          List<Inventory.Vm> all = holders.get(v);
          if (all.size() > 1) {
            if (shared == null) {
              shared = new ArrayList<>(1);
              others = new LinkedHashSet<>();
            }
            shared.add(v);
            for (Inventory.Vm o : all) {
              if (o != vm) {
                others.add(new Finding.Other(o.id(), o.name()));
              }
            }
          }
        }
        if (shared != null) {
          out.add(new Finding(vm.id(), vm.name(), dc.id(), Text.same(String.join(", ", shared)), List.copyOf(others)));
        }
      }
    }
    return out;
  }

  /** The VM's values, each once; none when the check does not concern it. */
  private Collection<String> valuesOf(Inventory.Vm vm) {
    if (!concerned.test(vm)) {
      return List.of();
    }
    Collection<String> all = values.apply(vm);
    // most VMs have one value (one UUID, one NIC): no set to make
    return all.size() < 2 ? all : new LinkedHashSet<>(all);
  }

  private static List<String> single(String value) {
    // vCenter writes UUIDs in lower case, a VMX edited by hand may not
    return value == null || value.isBlank() ? List.of() : List.of(value.trim().toLowerCase(java.util.Locale.ROOT));
  }

  /** The address, or null for one every machine may have. */
  static String routable(String ip) {
    if (ip == null) {
      return null;
    }
    String a = ip.trim().toLowerCase(java.util.Locale.ROOT);
    boolean local = a.startsWith("127.") || a.startsWith("169.254.") || a.equals("0.0.0.0") || a.equals("::1") || a.equals("::")
        || a.startsWith("fe80:");
    return local ? null : a;
  }
}
