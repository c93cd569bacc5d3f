package dev.vscope.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.vscope.store.prom.PrometheusStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

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
public record StorageConfig(Path path, Duration retention, Type type, PrometheusStoreConfig prometheus) {

  /** Which store keeps the history. */
  public enum Type {
    EMBEDDED,
    PROMETHEUS;

    /**
     * The type named in the configuration file, in lower case; {@code rrd} is the embedded store's
     * name before the rrd4j files were replaced.
     *
     * @throws IllegalArgumentException for any other name, which the configuration loader reports with its place
     */
    @JsonCreator
    public static Type of(String name) {
      return switch (name) {
        case "embedded", "rrd" -> EMBEDDED;
        case "prometheus" -> PROMETHEUS;
        default -> throw new IllegalArgumentException("must be embedded or prometheus, not " + name);
      };
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public StorageConfig {
    path = path == null ? Path.of("data") : path;
    retention = retention == null ? Duration.ofDays(400) : retention;
    type = type == null ? Type.EMBEDDED : type;
  }

  public static StorageConfig defaults() {
    return new StorageConfig(null, null, null, null);
  }
}
