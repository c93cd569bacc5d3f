package dev.vscope.telemetry;

import dev.vscope.collect.CollectionState;
import dev.vscope.collect.VcenterSnapshot;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.StoreMetric;
import dev.vscope.vim.CallListener;
import dev.vscope.vim.VimFault;
import dev.vscope.vim.VimFaultException;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * vscope's own health as Prometheus metrics: collection cycles, vCenter API calls, store writes.
 * Scraping them costs no vCenter call: they are counted as things happen.
 */
public final class Telemetry {

  private final Histogram cycleDuration;
  private final Gauge lastSuccess;
  private final Counter cycleErrors;
  private final Counter apiCalls;
  private final Histogram apiLatency;
  private final Counter storeWrites;

  public Telemetry(PrometheusRegistry registry) {
    cycleDuration = Histogram.builder().name("vscope_collection_cycle_duration_seconds").unit(Unit.SECONDS)
        .help("Duration of collection cycles").labelNames("vcenter", "outcome")
        .classicUpperBounds(0.5, 1, 2, 5, 10, 20, 30, 60, 120).register(registry);
    lastSuccess = Gauge.builder().name("vscope_collection_last_success_timestamp_seconds").unit(Unit.SECONDS)
        .help("When the last collection cycle of a vCenter succeeded").labelNames("vcenter").register(registry);
    cycleErrors = Counter.builder().name("vscope_collection_errors_total")
        .help("Failed collection cycles, by vCenter and error type").labelNames("vcenter", "type").register(registry);
    apiCalls = Counter.builder().name("vscope_vcenter_api_calls_total")
        .help("vim25 calls made to vCenter, by method and outcome (ok or the fault type)").labelNames("vcenter", "method", "outcome")
        .register(registry);
    apiLatency = Histogram.builder().name("vscope_vcenter_api_call_duration_seconds").unit(Unit.SECONDS)
        .help("Latency of vim25 calls, parsing included").labelNames("vcenter", "method")
        .classicUpperBounds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30).register(registry);
    storeWrites = Counter.builder().name("vscope_store_writes_total")
        .help("Entity writes to the history store, by outcome").labelNames("outcome").register(registry);
  }

  /**
   * Exposes the store's own state, whichever store it is (see {@link HistoryStore#stateMetrics}):
   * the embedded store's rollups waiting and failing maintenance, the Prometheus store's buffer.
   */
  public void watch(HistoryStore store, PrometheusRegistry registry) {
    for (StoreMetric m : store.stateMetrics()) {
      switch (m.kind()) {
        case GAUGE -> GaugeWithCallback.builder().name(m.name()).help(m.help())
            .callback(cb -> cb.call(m.value().getAsDouble())).register(registry);
        case COUNTER -> CounterWithCallback.builder().name(m.name()).help(m.help())
            .callback(cb -> cb.call(m.value().getAsDouble())).register(registry);
      }
    }
  }

  /** A listener counting one vCenter's API calls. */
  public CallListener calls(String vcenter) {
    return (method, body, nanos, failure) -> {
      String outcome = failure == null ? "ok" : failure instanceof VimFaultException f ? f.faultType() : failure.getClass().getSimpleName();
      apiCalls.labelValues(vcenter, method, outcome).inc();
      apiLatency.labelValues(vcenter, method).observe(nanos / 1e9);
    };
  }

  /** Records the cycle that just produced this snapshot. */
  public void cycle(VcenterSnapshot s, long nanos) {
    boolean ok = s.status().state() == CollectionState.OK;
    cycleDuration.labelValues(s.status().name(), ok ? "ok" : "error").observe(nanos / 1e9);
    if (ok && s.status().lastSuccess() != null) {
      lastSuccess.labelValues(s.status().name()).set(s.status().lastSuccess().toEpochMilli() / 1000.0);
    } else if (!ok) {
      cycleErrors.labelValues(s.status().name(), errorType(s.status().error())).inc();
    }
  }

  public void storeWrite(boolean ok) {
    storeWrites.labelValues(ok ? "ok" : "error").inc();
  }

  /** A low-cardinality type from an error message: the fault or exception named in it. */
  static String errorType(String error) {
    if (error == null) {
      return "unknown";
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("failed with (\\w+):").matcher(error);
    if (m.find()) {
      return m.group(1);
    }
    if (error.contains("login refused")) {
      return VimFault.INVALID_LOGIN.typeName();
    }
    m = java.util.regex.Pattern.compile("(\\w+(Exception|Error))").matcher(error);
    return m.find() ? m.group(1) : "other";
  }
}
