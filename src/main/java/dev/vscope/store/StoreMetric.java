package dev.vscope.store;

import java.util.function.DoubleSupplier;

/**
 * A figure a history store tells about its own state, read at each scrape of {@code /metrics}:
 * what it holds back (rollups to compute again, bytes not yet delivered) and what it failed or
 * gave up. Each store names its own, so that the telemetry registers whichever store runs without
 * knowing its type.
 *
 * <pre>{@code
 * StoreMetric.gauge("vscope_history_buffer_pending_bytes", "Bytes waiting for the engine", buffer::pendingBytes)
 * }</pre>
 *
 * @param name the Prometheus name; a counter's without its {@code _total}, which the exposition adds
 * @param value read at each scrape, from any thread
 */
public record StoreMetric(String name, String help, Kind kind, DoubleSupplier value) {

  /** A gauge goes up and down; a counter only grows while the process lives. */
  public enum Kind {
    GAUGE,
    COUNTER
  }

  public static StoreMetric gauge(String name, String help, DoubleSupplier value) {
    return new StoreMetric(name, help, Kind.GAUGE, value);
  }

  public static StoreMetric counter(String name, String help, DoubleSupplier value) {
    return new StoreMetric(name, help, Kind.COUNTER, value);
  }
}
