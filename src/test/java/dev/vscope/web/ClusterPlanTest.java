package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.collect.Inventory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** N+1 and VMs left on small clusters worked out by hand, including the edges ClustersIT's inventory has not. */
class ClusterPlanTest {

  private static final long GB = 1L << 30;

  /** Hosts of 10,000 MHz and 100 GB each, all effective; {@code on} powered-on VMs. */
  static Inventory.Cluster cluster(int hosts, long cpuUsed, long memUsed, int on) {
    return new Inventory.Cluster("vc:domain-c1", "c1", List.of(),
        new Inventory.ClusterSummary(hosts * 10, hosts * 20, hosts * 10_000L, hosts * 100 * GB, hosts * 10_000L, hosts * 100 * GB, hosts, hosts),
        new Inventory.ClusterSettings(true, true, "fullyAutomated"),
        new Inventory.ClusterHosts(hosts, 0, cpuUsed, memUsed, hosts * 10_000L, hosts * 100 * GB, hosts > 0 ? 10_000 : 0, hosts > 0 ? 100 * GB : 0),
        new Inventory.ClusterVms(on, on, on * 2, on * 4 * GB), List.of());
  }

  @Test
  void fourHostsHalfLoaded() {
    // 40,000 MHz and 400 GB; 20,000 MHz and 100 GB used by 10 VMs: 2,000 MHz and 10 GB each
    Inventory.Cluster c = cluster(4, 20_000, 100 * GB, 10);
    ClusterPlan.NPlusOne n1 = ClusterPlan.nPlusOne(c);
    assertThat(n1.cpuPercent()).isEqualTo(66.7); // 20,000 / 30,000
    assertThat(n1.memPercent()).isEqualTo(33.3); // 100 / 300
    assertThat(n1.holds()).isTrue();
    // at 80 %: 32,000 MHz → 12,000 more → 6 VMs; 320 GB → 220 more → 22 VMs
    assertThat(ClusterPlan.capacity(c, 80, false)).isEqualTo(new ClusterPlan.Capacity(6, 6, 22, 80));
    // with a host down, at 80 %: 24,000 MHz → 2 VMs; 240 GB → 14 VMs
    assertThat(ClusterPlan.capacity(c, 80, true)).isEqualTo(new ClusterPlan.Capacity(2, 2, 14, 80));
    // a target already passed leaves no room, never a negative count
    assertThat(ClusterPlan.capacity(c, 40, false)).isEqualTo(new ClusterPlan.Capacity(0, 0, 6, 40));
  }

  @Test
  void nPlusOneFailsWhenTheLoadOutgrowsTheOtherHosts() {
    Inventory.Cluster c = cluster(2, 12_000, 50 * GB, 4);
    ClusterPlan.NPlusOne n1 = ClusterPlan.nPlusOne(c);
    assertThat(n1.cpuPercent()).isEqualTo(120.0);
    assertThat(n1.memPercent()).isEqualTo(50.0);
    assertThat(n1.holds()).isFalse();
  }

  /**
   * ESXi keeps part of each host: the effective capacity (90 % of the raw here) is what is left. A
   * host down takes its share of it away, not its raw hardware: 36,000 MHz × 20,000 / 40,000.
   */
  @Test
  void theLargestHostTakesItsShareOfTheEffectiveCapacityNotItsRawHardware() {
    // hosts of 20,000, 10,000 and 10,000 MHz (400 GB in all, the largest 200 GB); 9 VMs use 9,000 MHz and 60 GB
    Inventory.Cluster c = new Inventory.Cluster("vc:domain-c2", "c2", List.of(),
        new Inventory.ClusterSummary(40, 80, 36_000, 360 * GB, 40_000, 400 * GB, 3, 3),
        new Inventory.ClusterSettings(true, true, "fullyAutomated"),
        new Inventory.ClusterHosts(3, 0, 9_000, 60 * GB, 40_000, 400 * GB, 20_000, 200 * GB),
        new Inventory.ClusterVms(9, 9, 18, 36 * GB), List.of());
    ClusterPlan.NPlusOne n1 = ClusterPlan.nPlusOne(c);
    assertThat(n1.cpuPercent()).isEqualTo(50.0); // 9,000 / 18,000, not 9,000 / (36,000 − 20,000) = 56.3
    assertThat(n1.memPercent()).isEqualTo(33.3); // 60 / 180, not 60 / 160 = 37.5
    assertThat(n1.holds()).isTrue();
    // at 80 %: 14,400 MHz → 5 more VMs of 1,000 MHz; 144 GB → 12 more of 6.67 GB
    assertThat(ClusterPlan.capacity(c, 80, true)).isEqualTo(new ClusterPlan.Capacity(5, 5, 12, 80));
    // all hosts up: 28,800 MHz → 19; 288 GB → 34
    assertThat(ClusterPlan.capacity(c, 80, false)).isEqualTo(new ClusterPlan.Capacity(19, 19, 34, 80));
  }

  @Test
  void nPlusOneHoldsOnTheUnroundedLoad() {
    // 10,000 MHz and 100 GB left with one of two hosts down
    ClusterPlan.NPlusOne cpuOver = ClusterPlan.nPlusOne(cluster(2, 10_004, 50 * GB, 4));
    assertThat(cpuOver.cpuPercent()).isEqualTo(100.0); // 100.04, shown rounded
    assertThat(cpuOver.holds()).isFalse();
    ClusterPlan.NPlusOne memOver = ClusterPlan.nPlusOne(cluster(2, 5_000, 100 * GB + 42_949_673, 4));
    assertThat(memOver.memPercent()).isEqualTo(100.0); // 100.04
    assertThat(memOver.holds()).isFalse();
    ClusterPlan.NPlusOne full = ClusterPlan.nPlusOne(cluster(2, 10_000, 100 * GB, 4));
    assertThat(full.cpuPercent()).isEqualTo(100.0);
    assertThat(full.memPercent()).isEqualTo(100.0);
    assertThat(full.holds()).as("exactly 100 % still fits").isTrue();
  }

  @Test
  void withoutTheCountedHostsHardwareNPlusOneIsUnknown() {
    // a snapshot saved before the counted hardware was read: nothing to share the capacity by
    Inventory.Cluster c = new Inventory.Cluster("vc:domain-c3", "c3", List.of(),
        new Inventory.ClusterSummary(20, 40, 20_000, 200 * GB, 20_000, 200 * GB, 2, 2),
        new Inventory.ClusterSettings(true, true, "fullyAutomated"),
        new Inventory.ClusterHosts(2, 0, 5_000, 50 * GB, 0, 0, 0, 0),
        new Inventory.ClusterVms(4, 4, 8, 16 * GB), List.of());
    assertThat(ClusterPlan.nPlusOne(c)).isEqualTo(new ClusterPlan.NPlusOne(null, null, false));
  }

  @Test
  void aSingleHostHasNoNPlusOne() {
    Inventory.Cluster c = cluster(1, 5_000, 50 * GB, 5);
    ClusterPlan.NPlusOne n1 = ClusterPlan.nPlusOne(c);
    assertThat(n1.cpuPercent()).isNull();
    assertThat(n1.memPercent()).isNull();
    assertThat(n1.holds()).isFalse();
    assertThat(ClusterPlan.capacity(c, 80, true)).isEqualTo(new ClusterPlan.Capacity(0, 0, 0, 80));
    assertThat(ClusterPlan.capacity(c, 80, false)).isEqualTo(new ClusterPlan.Capacity(3, 3, 3, 80));
  }

  @Test
  void withoutPoweredOnVmsOrUsageThereIsNoAverageVm() {
    assertThat(ClusterPlan.capacity(cluster(3, 9_000, 30 * GB, 0), 80, false)).isEqualTo(new ClusterPlan.Capacity(null, null, null, 80));
    // no CPU usage: CPU is unknown and memory decides (240 GB at 80 %, 210 more at 7.5 GB a VM)
    assertThat(ClusterPlan.capacity(cluster(3, 0, 30 * GB, 4), 80, false)).isEqualTo(new ClusterPlan.Capacity(28, null, 28, 80));
  }
}
