package dev.vscope.vim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vscope.sim.Simulator;
import dev.vscope.testing.Sims;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PropertyCollector's page limits, as vCenter keeps them and as the simulator now does too
 * (issue 11): WaitForUpdatesEx answers at most maxObjectUpdates objects with {@code truncated}, and
 * RetrievePropertiesEx at most maxObjects with a token; the simulator's {@code ignorePageLimits}
 * switch answers whole, like govmomi's own simulator. Expected objects come from the simulator's
 * model.
 */
class PropertyCollectorPagingIT {

  static Simulator sim;
  static Set<ManagedObjectReference> modelHosts;

  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    sim = Sims.start("-dc", "1", "-cluster", "4", "-host", "4", "-standalone-host", "1", "-vm", "2", "-ds", "1");
    modelHosts = new HashSet<>();
    for (JsonNode dc : sim.model().path("datacenters")) {
      for (JsonNode host : dc.path("hosts")) {
        modelHosts.add(new ManagedObjectReference("HostSystem", host.path("moid").asText()));
      }
    }
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @AfterEach
  void honourLimitsAgain() throws IOException {
    sim.control("{\"ignorePageLimits\": false}");
  }

  private VimClient login() {
    CallListener counting = (method, body, nanos, failure) -> calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    return VimClient.login(Sims.endpoint(sim, "sim").withListener(counting), sim.username(), sim.password());
  }

  private int calls(String method) {
    AtomicInteger n = calls.get(method);
    return n == null ? 0 : n.get();
  }

  private static PropertySpec hostNames(ManagedObjectReference view) {
    return PropertySpec.ofView(view, Map.of("HostSystem", List.of("name")));
  }

  private static ManagedObjectReference hostView(VimClient vc) {
    return vc.viewManager().createContainerView(vc.serviceContent().rootFolder(), List.of("HostSystem"));
  }

  @Test
  void waitForUpdatesIsTruncatedAtMaxObjectUpdatesAndTheRestFollows() {
    assertThat(modelHosts).hasSizeGreaterThan(3 * 5);
    try (VimClient vc = login()) {
      vc.propertyCollector().createFilter(hostNames(hostView(vc)));
      List<ManagedObjectReference> entered = new ArrayList<>();
      List<Integer> answerSizes = new ArrayList<>();
      List<Boolean> truncated = new ArrayList<>();
      String version = "";
      PropertyCollector.UpdateResult r;
      do {
        List<ObjectUpdate> answer = new ArrayList<>();
        r = vc.propertyCollector().waitForUpdates(version, 5, answer::add);
        answer.forEach(u -> entered.add(u.obj()));
        answerSizes.add(answer.size());
        truncated.add(r.truncated());
        assertThat(r.version()).isNotEqualTo(version);
        version = r.version();
      } while (r.truncated());

      // every object exactly once, in parts of 5 (the last one smaller or equal)
      assertThat(entered).containsExactlyInAnyOrderElementsOf(modelHosts);
      int parts = (modelHosts.size() + 4) / 5;
      assertThat(answerSizes).hasSize(parts);
      assertThat(answerSizes.subList(0, parts - 1)).containsOnly(5);
      assertThat(truncated.subList(0, parts - 1)).containsOnly(true);
      assertThat(truncated.get(parts - 1)).isFalse();

      // the complete version waits for changes: none, so nothing comes back
      List<ObjectUpdate> none = new ArrayList<>();
      vc.propertyCollector().waitForUpdates(version, 5, none::add);
      assertThat(none).isEmpty();
    }
  }

  @Test
  void aTruncatedVersionCanBeUsedOnlyOnce() {
    try (VimClient vc = login()) {
      vc.propertyCollector().createFilter(hostNames(hostView(vc)));
      PropertyCollector.UpdateResult first = vc.propertyCollector().waitForUpdates("", 5, u -> {});
      assertThat(first.truncated()).isTrue();
      vc.propertyCollector().waitForUpdates(first.version(), 5, u -> {});
      assertThatThrownBy(() -> vc.propertyCollector().waitForUpdates(first.version(), 5, u -> {}))
          .isInstanceOf(VimFaultException.class)
          .hasMessageContaining("InvalidCollectorVersion");
    }
  }

  @Test
  void retrievePropertiesExPagesAtMaxObjects() {
    try (VimClient vc = login()) {
      Set<ManagedObjectReference> read = new HashSet<>();
      int n = vc.propertyCollector().retrieve(hostNames(hostView(vc)), 4, oc -> read.add(oc.obj()));
      assertThat(n).isEqualTo(modelHosts.size());
      assertThat(read).isEqualTo(modelHosts);
      assertThat(calls("RetrievePropertiesEx")).isEqualTo(1);
      assertThat(calls("ContinueRetrievePropertiesEx")).isEqualTo((modelHosts.size() + 3) / 4 - 1);
    }
  }

  @Test
  void ignoringPageLimitsAnswersWhole() throws IOException {
    sim.control("{\"ignorePageLimits\": true}");
    try (VimClient vc = login()) {
      ManagedObjectReference view = hostView(vc);
      assertThat(vc.propertyCollector().retrieve(hostNames(view), 4, oc -> {})).isEqualTo(modelHosts.size());
      assertThat(calls("ContinueRetrievePropertiesEx")).isZero();

      vc.propertyCollector().createFilter(hostNames(view));
      List<ObjectUpdate> all = new ArrayList<>();
      PropertyCollector.UpdateResult r = vc.propertyCollector().waitForUpdates("", 5, all::add);
      assertThat(r.truncated()).isFalse();
      assertThat(all).extracting(ObjectUpdate::obj).containsExactlyInAnyOrderElementsOf(modelHosts);
    }
  }
}
