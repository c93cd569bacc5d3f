package dev.vscope.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.config.ScopeConfig;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scopes against the targets of a made-up inventory ({@link World}): each dimension by what lies in it, with exclusions. */
class ScopeTest {

  final World world = new World("vc", 12, Instant.EPOCH);
  final Targets targets = Targets.of(world.inventory);

  Target t(String moid) {
    return targets.target("vc:" + moid);
  }

  static Scope scope(List<String> vcenters, List<String> clusters, List<String> hosts, List<String> datastores, List<String> vms, ScopeConfig exclude) {
    return Scope.of(new ScopeConfig(vcenters, null, clusters, hosts, datastores, vms, exclude));
  }

  @Test
  void targetsKnowWhereTheyAre() {
    Target vm = t("vm-3");
    assertThat(vm.name()).isEqualTo("web-3");
    assertThat(vm.datacenter().name()).isEqualTo("DC0");
    assertThat(vm.clusters()).as("host-3 is standalone").isEmpty();
    assertThat(vm.hosts()).extracting(Target.Ref::name).containsExactly("esx3");
    assertThat(vm.datastores()).extracting(Target.Ref::name).containsExactly("shared-ds", "local-ds");
    Target ds = t("datastore-1");
    assertThat(ds.hosts()).extracting(Target.Ref::name).containsExactly("esx1", "esx2");
    assertThat(ds.clusters()).extracting(Target.Ref::name).containsExactly("C0");
    assertThat(t("host-1").clusters()).extracting(Target.Ref::name).containsExactly("C0");
    assertThat(t("domain-c1").kind()).isEqualTo(Target.Kind.CLUSTER);
    assertThat(targets.target("vc:vm-404")).isNull();
    assertThat(t("vm-1").within("vc:domain-c1")).isTrue();
    assertThat(t("vm-1").within("vc")).isTrue();
    assertThat(t("vm-1").within("vc:datacenter-1")).isTrue();
    assertThat(t("vm-3").within("vc:domain-c1")).isFalse();
  }

  @Test
  void everyDimensionGivenMustHoldAndAnExclusionThatMatchesLeavesOut() {
    assertThat(Scope.of(ScopeConfig.everything()).contains(t("vm-3"))).isTrue();
    Scope webInC0 = scope(null, List.of("C0"), null, null, List.of("web-*"), null);
    assertThat(webInC0.contains(t("vm-1"))).isTrue();
    assertThat(webInC0.contains(t("vm-2"))).as("a db").isFalse();
    assertThat(webInC0.contains(t("vm-3"))).as("not in C0").isFalse();
    Scope notFive = scope(null, List.of("C0"), null, null, List.of("web-*"), new ScopeConfig(null, null, null, List.of("esx2"), null, List.of("web-7"), null));
    assertThat(notFive.contains(t("vm-1"))).isTrue();
    assertThat(notFive.contains(t("vm-5"))).as("on esx2, excluded").isFalse();
    assertThat(notFive.contains(t("vm-7"))).as("by name").isFalse();
    assertThat(scope(null, null, null, List.of("local-?s"), null, null).contains(t("vm-3"))).isTrue();
    assertThat(scope(null, null, null, List.of("local-ds"), null, null).contains(t("vm-1"))).isFalse();
    assertThat(scope(null, List.of("C0"), null, null, null, null).contains(t("datastore-1"))).as("mounted by C0's hosts").isTrue();
    assertThat(scope(null, List.of("C0"), null, null, null, null).contains(t("datastore-2"))).isFalse();
    assertThat(scope(List.of("other"), null, null, null, null, null).contains(t("vm-1"))).isFalse();
    assertThat(scope(List.of("vc"), null, null, null, null, null).contains(Target.vcenter("vc"))).isTrue();
    assertThat(scope(null, null, List.of("esx*"), null, null, null).contains(t("host-2"))).isTrue();
    assertThat(scope(null, null, null, null, List.of("web-1"), null).contains(t("vm-11"))).as("no prefix match without a wildcard").isFalse();
  }
}
