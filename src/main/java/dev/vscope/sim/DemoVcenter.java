package dev.vscope.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vscope.Json;
import dev.vscope.LogText;
import dev.vscope.config.VcenterConfig;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated vCenter vscope starts when none is configured, so that a first run shows a real
 * dashboard: two datacenters of clusters, hosts, datastores and VMs, with live (random) counters,
 * and a few events of the last hour (a vMotion, a reconfiguration, power operations, an alarm).
 */
public final class DemoVcenter {

  private static final Logger logger = LoggerFactory.getLogger(DemoVcenter.class);

  /** Inventory of the demo: 2 datacenters × 2 clusters × 4 hosts, 6 VMs per resource pool. */
  public static final List<String> FLAGS = List.of("-dc", "2", "-cluster", "2", "-host", "4", "-standalone-host", "1", "-vm", "6", "-ds", "3");

  private DemoVcenter() {}

  /** Starts the simulator found beside the jar (or at {@code $VSCOPE_SIM}). */
  public static Simulator start() throws IOException {
    Simulator sim = Simulator.start(binary(), FLAGS);
    try {
      postEvents(sim);
    } catch (IOException | RuntimeException e) {
      // the demo runs without them
      logger.warn("the demo's events are not posted: {}", LogText.of(e.getMessage()));
    }
    return sim;
  }

  /** Events of the last hour on the first cluster's VMs and hosts, by named users, through the simulator's control API. */
  private static void postEvents(Simulator sim) throws IOException {
    JsonNode dc = sim.model().path("datacenters").get(0);
    String cluster = dc.path("clusters").get(0).path("name").asText();
    List<String> hosts = new ArrayList<>();
    dc.path("hosts").forEach(h -> {
      if (cluster.equals(h.path("cluster").asText())) {
        hosts.add(h.path("moid").asText());
      }
    });
    List<JsonNode> vms = new ArrayList<>();
    dc.path("vms").forEach(v -> {
      if (v.path("powerState").asText().equals("poweredOn") && hosts.contains(v.path("host").asText())) {
        vms.add(v);
      }
    });
    JsonNode moved = vms.get(0);
    String target = hosts.stream().filter(h -> !h.equals(moved.path("host").asText())).findFirst().orElseThrow();
    String other = vms.get(1).path("moid").asText();
    sim.control(Json.mapper().writeValueAsString(Map.of("postEvents", List.of(
        Map.of("kind", "powerOff", "vm", other, "user", "VSPHERE.LOCAL\\operator", "ago", 3000),
        Map.of("kind", "powerOn", "vm", other, "user", "VSPHERE.LOCAL\\operator", "ago", 2820),
        Map.of("kind", "migrate", "vm", moved.path("moid").asText(), "host", target, "user", "VSPHERE.LOCAL\\administrator", "ago", 2100),
        Map.of("kind", "reconfigure", "vm", moved.path("moid").asText(), "memoryMB", 8192, "user", "VSPHERE.LOCAL\\administrator", "ago", 1200),
        Map.of("kind", "alarm", "entity", target, "alarm", "Host CPU usage", "from", "green", "to", "yellow", "ago", 600),
        Map.of("kind", "haRestart", "vm", vms.get(2).path("moid").asText(), "ago", 300)))));
  }

  public static VcenterConfig config(Simulator sim) {
    return VcenterConfig.pinned("demo", sim.url().toString(), sim.username(), sim.password(), sim.thumbprint());
  }

  static Path binary() throws IOException {
    String env = System.getenv("VSCOPE_SIM");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    try {
      Path jar = Path.of(DemoVcenter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // target/vscope.jar or, when run from the IDE, target/classes: the binary is in target/
      return jar.getParent().resolve("vscope-sim");
    } catch (URISyntaxException | SecurityException e) {
      throw new IOException("cannot locate the vCenter simulator; set VSCOPE_SIM", e);
    }
  }
}
