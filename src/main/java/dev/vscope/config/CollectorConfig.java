package dev.vscope.config;

import java.time.Duration;

/**
 * How often and how hard vscope collects.
 *
 * @param interval time between two cycles of one vCenter (default 60 s)
 * @param concurrency performance queries in flight per vCenter (default 4)
 * @param pageSize objects per property-collector page (default 1000)
 */
public record CollectorConfig(Duration interval, Integer concurrency, Integer pageSize) {

  public CollectorConfig {
    interval = interval == null ? Duration.ofSeconds(60) : interval;
    concurrency = concurrency == null ? 4 : concurrency;
    pageSize = pageSize == null ? 1000 : pageSize;
  }

  public static CollectorConfig defaults() {
    return new CollectorConfig(null, null, null);
  }
}
