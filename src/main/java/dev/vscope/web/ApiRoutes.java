package dev.vscope.web;

import dev.vscope.alert.ChannelStatus;
import dev.vscope.collect.SnapshotSource;
import dev.vscope.config.ThresholdsConfig;
import dev.vscope.health.HealthMonitor;
import dev.vscope.store.HistoryStore;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/** The routes of {@code /api/v1}. */
public final class ApiRoutes implements RouteGroup {

  private final ApiHandlers handlers;
  private final TopHandler top;
  private final HealthHandler health;

  /** @param channels the alert channels' delivery state, for the status */
  public ApiRoutes(SnapshotSource snapshots, HistoryStore store, Clock clock, long intervalSeconds, ThresholdsConfig thresholds,
      HealthMonitor healthMonitor, Access access, Supplier<List<ChannelStatus>> channels) {
    this.handlers = new ApiHandlers(snapshots, store, clock, intervalSeconds, thresholds, access::viewer, channels);
    this.top = new TopHandler(snapshots, store, clock, access::viewer);
    this.health = new HealthHandler(snapshots, healthMonitor, access::viewer);
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/v1/datacenters", handlers::datacenters);
    routes.get("/api/v1/hosts", handlers::hosts);
    routes.get("/api/v1/datastores", handlers::datastores);
    routes.get("/api/v1/datastores/vms", handlers::datastoreVms);
    routes.get("/api/v1/vms", handlers::vms);
    routes.get("/api/v1/clusters", handlers::clusters);
    routes.get("/api/v1/resourcePools", handlers::resourcePools);
    routes.get("/api/v1/snapshots", handlers::snapshots);
    routes.get("/api/v1/alarms", handlers::alarms);
    routes.get("/api/v1/entities", handlers::entityById);
    routes.get("/api/v1/entities/{id}", handlers::entity);
    routes.get("/api/v1/series", handlers::series);
    routes.get("/api/v1/top", top::answer);
    routes.get("/api/v1/health", health::answer);
    routes.get("/api/v1/status", handlers::status);
    routes.get("/api/v1/settings", handlers::settings);
  }
}
