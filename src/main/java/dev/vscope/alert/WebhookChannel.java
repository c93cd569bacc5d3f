package dev.vscope.alert;

import dev.vscope.Json;
import dev.vscope.config.Severity;
import dev.vscope.config.WebhookConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posts each notification as JSON. The body's {@code text} is the notification in words, which is
 * what Slack's and Microsoft Teams' incoming webhooks show (they ignore the other fields); the
 * other fields are for receivers of one's own (docs/operations.md, "Alerts"):
 *
 * <pre>{@code
 * {"text": "[vscope] FIRING 1: vm-cpu-ready (warning)\n...", "status": "firing", "group": "vm-cpu-ready",
 *  "severity": "warning", "summary": "...", "url": "https://vscope.example.com/alerts.html",
 *  "firing": [{"id", "rule", "severity", "state", "summary", "target": {...}, "value", "threshold",
 *              "activeSince", "firingSince", "resolvedAt", "url"}], "resolved": [...], "truncated": 0}
 * }</pre>
 */
final class WebhookChannel implements Channel {

  private final WebhookConfig config;
  private final Duration repeat;
  private final Links links;
  private final JsonPost post;

  WebhookChannel(WebhookConfig config, Duration repeat, Links links) {
    this.config = config;
    this.repeat = repeat;
    this.links = links;
    this.post = new JsonPost(URI.create(config.url()), config.bearerToken(), config.caFile(), config.timeout());
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public String type() {
    return "webhook";
  }

  @Override
  public boolean accepts(Severity severity) {
    return severity.compareTo(config.minSeverity()) >= 0;
  }

  @Override
  public Duration repeatInterval() {
    return repeat;
  }

  @Override
  public void send(Notification n) throws DeliveryException {
    post.post(body(n, links));
  }

  static byte[] body(Notification n, Links links) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", NotificationText.subject(n) + "\n" + NotificationText.body(n, links));
    body.put("status", n.status().toString());
    body.put("group", n.group());
    body.put("severity", NotificationText.severity(n).toString());
    Alert first = !n.firing().isEmpty() ? n.firing().get(0) : n.resolved().get(0);
    body.put("summary", first.summary());
    body.put("url", links.alertsPage());
    int room = NotificationText.MAX_LINES;
    List<Map<String, Object>> firing = alerts(n.firing(), links, room);
    List<Map<String, Object>> resolved = alerts(n.resolved(), links, room - firing.size());
    body.put("firing", firing);
    body.put("resolved", resolved);
    body.put("truncated", n.firing().size() + n.resolved().size() - firing.size() - resolved.size());
    try {
      return Json.mapper().writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a notification is plain data", e);
    }
  }

  private static List<Map<String, Object>> alerts(List<Alert> alerts, Links links, int room) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Alert a : alerts) {
      if (out.size() >= room) {
        break;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", a.id());
      m.put("rule", a.rule());
      m.put("severity", a.severity().toString());
      m.put("state", a.state().toString());
      m.put("summary", a.summary());
      m.put("target", a.target());
      m.put("value", a.value());
      m.put("threshold", a.threshold());
      m.put("activeSince", a.activeSince());
      m.put("firingSince", a.firingSince());
      m.put("resolvedAt", a.resolvedAt());
      m.put("url", links.of(a));
      out.add(m);
    }
    return out;
  }
}
