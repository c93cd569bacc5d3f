package dev.vscope.config;

import java.util.List;

/** The whole configuration, loaded and checked once by {@link ConfigLoader} and passed down. */
public record VscopeConfig(
    List<VcenterConfig> vcenters,
    CollectorConfig collector,
    ServerConfig server,
    StorageConfig storage,
    ThresholdsConfig thresholds,
    AuthConfig auth,
    MetricsConfig metrics,
    HealthConfig health,
    EventsConfig events,
    AlertsConfig alerts) {

  public VscopeConfig {
    vcenters = vcenters == null ? List.of() : List.copyOf(vcenters);
    collector = collector == null ? CollectorConfig.defaults() : collector;
    server = server == null ? ServerConfig.defaults() : server;
    storage = storage == null ? StorageConfig.defaults() : storage;
    thresholds = thresholds == null ? ThresholdsConfig.defaults() : thresholds;
    auth = auth == null ? AuthConfig.defaults() : auth;
    metrics = metrics == null ? MetricsConfig.defaults() : metrics;
    health = health == null ? HealthConfig.defaults() : health;
    events = events == null ? EventsConfig.defaults() : events;
    alerts = alerts == null ? AlertsConfig.defaults() : alerts;
  }

  /** A configuration without alert rules or channels of its own (the default rules only). */
  public VscopeConfig(List<VcenterConfig> vcenters, CollectorConfig collector, ServerConfig server, StorageConfig storage,
      ThresholdsConfig thresholds, AuthConfig auth, MetricsConfig metrics, HealthConfig health, EventsConfig events) {
    this(vcenters, collector, server, storage, thresholds, auth, metrics, health, events, null);
  }

  public static VscopeConfig defaults() {
    return new VscopeConfig(null, null, null, null, null, null, null, null, null, null);
  }

  public VscopeConfig withAlerts(AlertsConfig a) {
    return new VscopeConfig(vcenters, collector, server, storage, thresholds, auth, metrics, health, events, a);
  }

  public VscopeConfig withVcenters(List<VcenterConfig> list) {
    return new VscopeConfig(list, collector, server, storage, thresholds, auth, metrics, health, events, alerts);
  }
}
