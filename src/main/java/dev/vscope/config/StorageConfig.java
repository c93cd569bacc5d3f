package dev.vscope.config;

import dev.vscope.store.prom.PrometheusStoreConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The history store: embedded (column files under {@code path}, the default) or a
 * Prometheus-compatible engine (remote write, PromQL reads) for installations that outgrow one
 * machine.
 *
 * @param path data directory (default {@code ./data})
 * @param retention how long an entity that disappeared keeps its history in the embedded store
 *     (default 400 days); a Prometheus-compatible engine applies its own retention
 * @param type {@code embedded} (default; {@code rrd}, its name before the rrd4j files were
 *     replaced, is read as {@code embedded}) or {@code prometheus}
 * @param prometheus the engine, when {@code type} is {@code prometheus}
 */
public record StorageConfig(Path path, Duration retention, String type, PrometheusStoreConfig prometheus) {

  public static final String EMBEDDED = "embedded";
  private static final String OLD_EMBEDDED = "rrd";
  public static final String PROMETHEUS = "prometheus";

  public StorageConfig {
    path = path == null ? Path.of("data") : path;
    retention = retention == null ? Duration.ofDays(400) : retention;
    type = type == null || type.equals(OLD_EMBEDDED) ? EMBEDDED : type;
  }

  public static StorageConfig defaults() {
    return new StorageConfig(null, null, null, null);
  }
}
