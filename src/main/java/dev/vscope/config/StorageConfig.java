package dev.vscope.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The history store.
 *
 * @param path data directory (default {@code ./data})
 * @param retention how long an entity that disappeared keeps its history (default 400 days)
 */
public record StorageConfig(Path path, Duration retention) {

  public StorageConfig {
    path = path == null ? Path.of("data") : path;
    retention = retention == null ? Duration.ofDays(400) : retention;
  }

  public static StorageConfig defaults() {
    return new StorageConfig(null, null);
  }
}
