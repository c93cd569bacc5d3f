package dev.vscope.telemetry;

import dev.vscope.alert.Alert;
import dev.vscope.alert.AlertEngine;
import dev.vscope.alert.ChannelStatus;
import dev.vscope.config.Severity;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;

/**
 * The alerts and their delivery as Prometheus metrics (issue 14): how many alerts are pending and
 * firing, and per channel what was sent, what failed, what waits, and whether it is failing now.
 * Read from the engine at scrape time.
 */
public final class AlertMetrics {

  private AlertMetrics() {}

  public static void register(AlertEngine engine, PrometheusRegistry registry) {
    GaugeWithCallback.builder().name("vscope_alerts").help("Alerts pending or firing, by state and severity").labelNames("state", "severity")
        .callback(cb -> {
          List<Alert> active = engine.view().active();
          for (String state : List.of("pending", "firing")) {
            for (Severity s : Severity.values()) {
              cb.call(active.stream().filter(a -> a.state().toString().equals(state) && a.severity() == s).count(), state, s.toString());
            }
          }
        }).register(registry);
    CounterWithCallback.builder().name("vscope_alert_notifications_sent").help("Notifications a channel accepted")
        .labelNames("channel", "type").callback(cb -> engine.channels().forEach(c -> cb.call(c.sent(), c.name(), c.type()))).register(registry);
    CounterWithCallback.builder().name("vscope_alert_notification_failures").help("Attempts to deliver a notification that failed (each is retried)")
        .labelNames("channel", "type").callback(cb -> engine.channels().forEach(c -> cb.call(c.failed(), c.name(), c.type()))).register(registry);
    CounterWithCallback.builder().name("vscope_alert_notifications_dropped").help("Notifications dropped because too many groups waited")
        .labelNames("channel", "type").callback(cb -> engine.channels().forEach(c -> cb.call(c.dropped(), c.name(), c.type()))).register(registry);
    GaugeWithCallback.builder().name("vscope_alert_notifications_waiting").help("Notifications waiting to be delivered")
        .labelNames("channel", "type").callback(cb -> engine.channels().forEach(c -> cb.call(c.waiting(), c.name(), c.type()))).register(registry);
    GaugeWithCallback.builder().name("vscope_alert_channel_failing").help("1 when the last attempt to deliver to the channel failed")
        .labelNames("channel", "type").callback(cb -> engine.channels().forEach(c -> cb.call(c.failing() ? 1 : 0, c.name(), c.type())))
        .register(registry);
    GaugeWithCallback.builder().name("vscope_alert_channel_last_success_timestamp_seconds").unit(Unit.SECONDS)
        .help("When the channel last accepted a notification").labelNames("channel", "type").callback(cb -> {
          for (ChannelStatus c : engine.channels()) {
            if (c.lastSuccess() != null) {
              cb.call(c.lastSuccess().toEpochMilli() / 1000.0, c.name(), c.type());
            }
          }
        }).register(registry);
  }
}
