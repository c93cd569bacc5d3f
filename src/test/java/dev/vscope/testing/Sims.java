package dev.vscope.testing;

import dev.vscope.config.VcenterConfig;
import dev.vscope.sim.Simulator;
import dev.vscope.vim.VimEndpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Starts the vCenter simulator that the build made ({@code target/vscope-sim}) for integration tests. */
public final class Sims {

  private Sims() {}

  public static Path binary() {
    return Path.of(System.getProperty("vscope.sim", "target/vscope-sim"));
  }

  public static Simulator start(String... flags) throws IOException {
    return Simulator.start(binary(), List.of(flags));
  }

  /** A pinned endpoint named {@code name} for the simulator. */
  public static VimEndpoint endpoint(Simulator sim, String name) {
    return VimEndpoint.of(name, sim.url(), sim.tls());
  }

  public static VcenterConfig config(Simulator sim, String name) {
    return VcenterConfig.pinned(name, sim.url().toString(), sim.username(), sim.password(), sim.thumbprint());
  }
}
