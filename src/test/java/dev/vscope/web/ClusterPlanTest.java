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
        new Inventory.ClusterHosts(hosts, 0, cpuUsed, memUsed, hosts > 0 ? 10_000 : 0, hosts > 0 ? 100 * GB : 0),
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
