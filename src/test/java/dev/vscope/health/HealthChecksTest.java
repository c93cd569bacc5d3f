package dev.vscope.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.collect.ConnectionState;
import dev.vscope.collect.Inventory;
import dev.vscope.collect.PowerState;
import dev.vscope.collect.ToolsRunningStatus;
import dev.vscope.collect.VcenterSnapshot;
import dev.vscope.config.HealthConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checks' rules on cases the simulator does not make: Tools versions it never reports, a host
 * not responding, addresses every machine has, UUIDs in another case, counters preferred to
 * quickStats, thresholds from the configuration. Expected values are written out by hand.
 */
class HealthChecksTest {

  static Inventory.Vm vm(String moid, PowerState power, ToolsRunningStatus tools, String version, Inventory.VmIdentity identity) {
    return new Inventory.Vm("vc:" + moid, moid, null, null, power, tools, version, 2, 4096, 0, 0, null, null, List.of(),
        new Inventory.MemoryPressure(0L, 0L, 0L), List.of(), identity, List.of(), null);
  }

  static Inventory.Vm vm(String moid, Inventory.VmIdentity identity) {
    return vm(moid, PowerState.POWERED_ON, ToolsRunningStatus.RUNNING, "guestToolsCurrent", identity);
  }

  static Inventory.VmIdentity ip(String address) {
    return new Inventory.VmIdentity(null, null, List.of(), address);
  }

  static Inventory.Host host(String moid, ConnectionState state) {
    return new Inventory.Host("vc:" + moid, moid, null, state, PowerState.POWERED_ON, false, 8, 16, 2000, 1L << 36, null, null, 0, 0,
        List.of(new Inventory.Nic("vmnic0", null, false)), List.of(), null, null);
  }

  static HealthInput input(List<Inventory.Vm> vms, List<Inventory.Host> hosts, List<Inventory.Datastore> datastores,
      Map<String, Map<String, Double>> latest) {
    Inventory inv = new Inventory("vc", Instant.EPOCH, List.of(new Inventory.Datacenter("vc:dc", "dc", "vc", hosts, datastores, vms, List.of(), List.of())));
    return new HealthInput(new VcenterSnapshot(inv, latest, Map.of(), null), Map.of(), Instant.EPOCH);
  }

  static List<String> flagged(HealthCheck check, HealthInput input) {
    return check.run(input).stream().map(f -> f.entity() + " " + f.detail().en()).toList();
  }

  @Test
  void toolsOutdatedInEachWayVsphereSaysItButNotWhenUnmanagedOrOff() {
    HealthInput in = input(List.of(
        vm("vm-1", PowerState.POWERED_ON, ToolsRunningStatus.RUNNING, "guestToolsTooOld", null),
        vm("vm-2", PowerState.POWERED_ON, ToolsRunningStatus.RUNNING, "guestToolsBlacklisted", null),
        vm("vm-3", PowerState.POWERED_ON, ToolsRunningStatus.RUNNING, "guestToolsUnmanaged", null),
        vm("vm-4", PowerState.POWERED_ON, ToolsRunningStatus.NOT_RUNNING, "guestToolsSupportedOld", null),
        vm("vm-5", PowerState.POWERED_OFF, ToolsRunningStatus.NOT_RUNNING, "guestToolsNeedUpgrade", null),
        vm("vm-6", PowerState.POWERED_ON, null, null, null)), List.of(), List.of(), Map.of());

    assertThat(flagged(new VmToolsCheck(), in)).containsExactly("vc:vm-1 too old", "vc:vm-2 blocked (known problem)",
        "vc:vm-4 not running, supported, a newer version exists");
  }

  @Test
  void addressesEveryMachineHasAreNotDuplicatesUuidsCompareInAnyCase() {
    HealthInput in = input(List.of(
        vm("vm-1", new Inventory.VmIdentity("4213AB", null, List.of(), "127.0.0.1")),
        vm("vm-2", new Inventory.VmIdentity("4213ab", null, List.of(), "127.0.0.1")),
        vm("vm-3", ip("fe80::250:56ff:fe00:1")), vm("vm-4", ip("FE80::250:56ff:fe00:1")),
        vm("vm-5", ip("169.254.10.1")), vm("vm-6", ip("169.254.10.1")),
        vm("vm-7", ip("192.0.2.10")),
        vm("vm-8", PowerState.POWERED_OFF, ToolsRunningStatus.NOT_RUNNING, "guestToolsCurrent", ip("192.0.2.10"))), List.of(), List.of(), Map.of());

    assertThat(flagged(DuplicateCheck.ip(), in)).as("a VM that is off holds no address").isEmpty();
    assertThat(flagged(DuplicateCheck.biosUuid(), in)).containsExactly("vc:vm-1 4213ab", "vc:vm-2 4213ab");
  }

  @Test
  void aHostNotRespondingAndItsNicsOnlyWhileConnected() {
    HealthInput in = input(List.of(), List.of(host("host-1", ConnectionState.NOT_RESPONDING), host("host-2", ConnectionState.CONNECTED)),
        List.of(), Map.of());

    assertThat(flagged(new HostDisconnectedCheck(), in)).containsExactly("vc:host-1 not responding");
    assertThat(flagged(new HostNicDownCheck(), in)).containsExactly("vc:host-2 link down: vmnic0");
  }

  @Test
  void memoryPressureFromTheCountersWhereThereAreSome() {
    Inventory.Vm vm = vm("vm-1", null);
    // quickStats say nothing; the counter's latest sample says 1 GiB swapped
    HealthInput in = input(List.of(vm), List.of(), List.of(), Map.of("vc:vm-1", Map.of("mem.swapped", 1024.0 * 1024 * 1024)));

    assertThat(flagged(new MemoryPressureCheck(), in)).containsExactly("vc:vm-1 swapped 1.0 GiB");
  }

  @Test
  void thresholdsComeFromTheConfiguration() {
    Inventory.Datastore ds = new Inventory.Datastore("vc:ds-1", "ds1", "VMFS", "ds:///1", 1000, 300, 400, 1100, true, "normal", 0, 0);
    HealthInput in = input(List.of(), List.of(), List.of(ds), Map.of());
    HealthConfig strict = new HealthConfig(null, 60.0, 100.0, null);

    // 70 % used, 110 % provisioned: fine by default (85 %, 150 %), not by these
    assertThat(HealthChecks.all(HealthConfig.defaults()).stream().flatMap(c -> c.run(in).stream()).toList()).isEmpty();
    List<HealthCheck> checks = HealthChecks.all(strict);
    assertThat(checks.stream().filter(c -> c.id().startsWith("datastore")).flatMap(c -> flagged(c, in).stream()).toList())
        .containsExactly("vc:ds-1 70.0% used, 300 B free", "vc:ds-1 1.1 KiB provisioned, 110.0% of capacity");
    assertThat(checks.stream().filter(c -> c.id().equals("datastoreUsed")).findFirst().orElseThrow().title().fr())
        .isEqualTo("Banques de données utilisées à plus de 60\u202f%");
  }
}
