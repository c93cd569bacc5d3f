package dev.vscope.alert;

import dev.vscope.Json;
import dev.vscope.config.AlertmanagerConfig;
import dev.vscope.config.Severity;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends alerts to a Prometheus Alertmanager as Prometheus does: {@code POST /api/v2/alerts} with
 * each alert's labels (which identify it, and which Alertmanager routes and groups on),
 * annotations, {@code startsAt}, {@code endsAt} and {@code generatorURL}. A firing alert is sent
 * again every {@code resendInterval} with {@code endsAt} four intervals ahead, so that Alertmanager
 * resolves it by itself if vscope stops; a resolved one is sent with its end.
 *
 * <p>Labels: {@code alertname} (the rule), {@code severity}, {@code vcenter}, {@code datacenter},
 * {@code cluster} and {@code host} (when the target lies in one), {@code entity} (its id),
 * {@code entity_name}, {@code entity_type}. Annotations: {@code summary}, {@code description},
 * {@code value}, {@code threshold}.
 */
final class AlertmanagerChannel implements Channel {

  /** Alerts per POST: Alertmanager takes any number, but one answer should not carry a whole storm. */
  static final int BATCH = 500;

  private final AlertmanagerConfig config;
  private final Links links;
  private final Clock clock;
  private final JsonPost post;

  AlertmanagerChannel(AlertmanagerConfig config, Links links, Clock clock) {
    this.config = config;
    this.links = links;
    this.clock = clock;
    String base = config.url().endsWith("/") ? config.url().substring(0, config.url().length() - 1) : config.url();
    this.post = new JsonPost(URI.create(base + "/api/v2/alerts"), config.bearerToken(), config.caFile(), config.timeout());
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public String type() {
    return "alertmanager";
  }

  /** Every severity: Alertmanager's routes decide. */
  @Override
  public boolean accepts(Severity severity) {
    return true;
  }

  @Override
  public Duration repeatInterval() {
    return config.resendInterval();
  }

  @Override
  public void send(Notification n) throws DeliveryException {
    List<Map<String, Object>> all = new ArrayList<>();
    Instant endsAt = clock.instant().plus(config.resendInterval().multipliedBy(4));
    n.firing().forEach(a -> all.add(alert(a, endsAt, links)));
    n.resolved().forEach(a -> all.add(alert(a, a.resolvedAt(), links)));
    for (int from = 0; from < all.size(); from += BATCH) {
      try {
        post.post(Json.mapper().writeValueAsBytes(all.subList(from, Math.min(all.size(), from + BATCH))));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("an alert is plain data", e);
      }
    }
  }

  /** One postable alert of Alertmanager's API v2. */
  static Map<String, Object> alert(Alert a, Instant endsAt, Links links) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", a.rule());
    labels.put("severity", a.severity().toString());
    Target t = a.target();
    put(labels, "vcenter", t.vcenter());
    put(labels, "datacenter", t.datacenter() == null ? null : t.datacenter().name());
    if (t.clusters().size() == 1) {
      put(labels, "cluster", t.clusters().get(0).name());
    }
    if (t.hosts().size() == 1) {
      put(labels, "host", t.hosts().get(0).name());
    }
    put(labels, "entity", t.id());
    put(labels, "entity_name", t.name());
    put(labels, "entity_type", t.kind().toString());
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("summary", a.summary());
    annotations.put("description", NotificationText.line(a));
    if (a.value() != null) {
      annotations.put("value", MetricCondition.format(a.value()));
    }
    if (a.threshold() != null) {
      annotations.put("threshold", MetricCondition.format(a.threshold().value()) + " " + a.threshold().unit());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("labels", labels);
    out.put("annotations", annotations);
    out.put("startsAt", a.firingSince() != null ? a.firingSince() : a.activeSince());
    out.put("endsAt", endsAt);
    out.put("generatorURL", links.of(a));
    return out;
  }

  private static void put(Map<String, String> labels, String name, String value) {
    if (value != null && !value.isEmpty()) {
      labels.put(name, value);
    }
  }
}
