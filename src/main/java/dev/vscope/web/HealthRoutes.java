package dev.vscope.web;

import dev.vscope.collect.SnapshotSource;
import dev.vscope.collect.VcenterSnapshot;
import io.javalin.config.RoutesConfig;
import java.util.List;
import java.util.Map;

/**
 * Probes for service managers and load balancers, open without login and carrying no inventory:
 * {@code /healthz} answers while the process serves; {@code /readyz} once every vCenter was
 * collected at least once (503 before).
 */
public final class HealthRoutes implements RouteGroup {

  private final SnapshotSource snapshots;

  public HealthRoutes(SnapshotSource snapshots) {
    this.snapshots = snapshots;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
    routes.get("/readyz", ctx -> {
      List<VcenterSnapshot> all = snapshots.snapshots();
      // the previous run's snapshot, shown at start, is no collection of this run
      long ready = all.stream().filter(s -> s.status().lastSuccess() != null && !s.status().fromPreviousRun()).count();
      boolean ok = ready == all.size();
      ctx.status(ok ? 200 : 503).json(Map.of("status", ok ? "ready" : "waiting for a first collection", "vcenters", all.size(),
          "collected", ready));
    });
  }
}
