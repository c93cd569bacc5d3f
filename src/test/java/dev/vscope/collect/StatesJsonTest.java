package dev.vscope.collect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vscope.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * States are enums in the code and keep their strings in JSON: the pages, the API's clients and
 * the {@code inventory} command read {@code "ok"}, {@code "poweredOn"} and {@code "connected"}.
 */
class StatesJsonTest {

  private static JsonNode json(Object value) throws Exception {
    return Json.mapper().readTree(Json.mapper().writeValueAsString(value));
  }

  @Test
  void collectionStatesKeepTheirNames() throws Exception {
    VcenterStatus starting = VcenterStatus.starting("prod", 60);

    assertThat(json(starting).path("state").asText()).isEqualTo("starting");
    assertThat(List.of(CollectionState.values())).extracting(CollectionState::jsonName).containsExactly("starting", "ok", "failing");
    for (CollectionState s : CollectionState.values()) {
      assertThat(json(s).asText()).isEqualTo(s.jsonName());
    }
  }

  @Test
  void eventStatesKeepTheirNames() throws Exception {
    assertThat(json(VcenterStatus.starting("prod", 60)).path("events").path("state").asText()).isEqualTo("starting");
    assertThat(List.of(EventsStatus.State.values())).extracting(EventsStatus.State::jsonName)
        .containsExactly("starting", "ok", "behind", "refused", "failing");
    for (EventsStatus.State s : EventsStatus.State.values()) {
      assertThat(json(s).asText()).isEqualTo(s.jsonName());
    }
  }

  @Test
  void entityStatesKeepVsphereNames() throws Exception {
    Inventory.Host host = new Inventory.Host("vc:host-14", "esx1", null, ConnectionState.NOT_RESPONDING, PowerState.STANDBY, false, 16, 32,
        2199, 137391214592L, null, null, 0, 0, List.of(), List.of(), Inventory.MemoryPressure.UNKNOWN, null);
    Inventory.Vm vm = new Inventory.Vm("vc:vm-22", "vcsa", "vc:host-14", "esx1", PowerState.POWERED_ON, ToolsRunningStatus.EXECUTING_SCRIPTS,
        "guestToolsUnmanaged", 2, 10240, 0, 0, "notConfigured", "Other 3.x Linux (64-bit)", List.of(), Inventory.MemoryPressure.UNKNOWN, List.of(),
        null, null, null);

    assertThat(json(host).path("connectionState").asText()).isEqualTo("notResponding");
    assertThat(json(host).path("powerState").asText()).isEqualTo("standBy");
    assertThat(json(vm).path("powerState").asText()).isEqualTo("poweredOn");
    assertThat(json(vm).path("toolsRunningStatus").asText()).isEqualTo("guestToolsExecutingScripts");
    assertThat(Json.mapper().readValue("\"suspended\"", PowerState.class)).isEqualTo(PowerState.SUSPENDED);
  }

  @Test
  void vsphereNamesAreRead() {
    for (PowerState s : PowerState.values()) {
      assertThat(PowerState.of(s.vsphereName())).isEqualTo(s);
    }
    for (ConnectionState s : ConnectionState.values()) {
      assertThat(ConnectionState.of(s.vsphereName())).isEqualTo(s);
    }
    for (ToolsRunningStatus s : ToolsRunningStatus.values()) {
      assertThat(ToolsRunningStatus.of(s.vsphereName())).isEqualTo(s);
    }
    // unset stays unset; a name a newer vCenter may add is vSphere's own "unknown" for power
    assertThat(PowerState.of(null)).isNull();
    assertThat(PowerState.of("hibernating")).isEqualTo(PowerState.UNKNOWN);
    assertThat(ConnectionState.of(null)).isNull();
    assertThat(ToolsRunningStatus.of(null)).isNull();
  }
}
