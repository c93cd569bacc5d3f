package dev.vscope.sim;

import dev.vscope.config.VcenterConfig;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/**
 * The simulated vCenter vscope starts when none is configured, so that a first run shows a real
 * dashboard: two datacenters of clusters, hosts, datastores and VMs, with live (random) counters.
 */
public final class DemoVcenter {

  /** Inventory of the demo: 2 datacenters × 2 clusters × 4 hosts, 6 VMs per resource pool. */
  public static final List<String> FLAGS = List.of("-dc", "2", "-cluster", "2", "-host", "4", "-standalone-host", "1", "-vm", "6", "-ds", "3");

  private DemoVcenter() {}

  /** Starts the simulator found beside the jar (or at {@code $VSCOPE_SIM}). */
  public static Simulator start() throws IOException {
    return Simulator.start(binary(), FLAGS);
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
