package dev.vscope.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * One alert rule of {@code alerts.rules}: what it watches (a metric against a threshold, or the
 * state of collection), where, for how long, and how bad it is. Checked against the metrics vscope
 * knows when the rules are compiled ({@code dev.vscope.alert.RuleBook}), with the line it starts
 * at in the file.
 *
 * @param name unique, [a-z0-9-]+; the {@code alertname} of Alertmanager and the group of notifications
 * @param type the entities a metric rule watches: vm, host, datastore or cluster
 * @param metric a metric vscope keeps of that type ({@code cpu.ready})
 * @param above the metric's threshold, when it fires above it
 * @param below or below it
 * @param collection what a collection rule watches: vcenterUnreachable, stale or storeFailing
 * @param health the health check a rule watches, by its id in {@code GET /api/v1/health} ({@code vmTools})
 * @param alarm the vCenter alarms a rule watches, by name, with {@code *} and {@code ?}: red ones for a
 *     critical rule, yellow and red for a warning one
 * @param holdFor how long the condition must hold before the alert fires (default 0: at once)
 * @param severity warning (default) or critical
 * @param scope where it applies (default everywhere)
 * @param summary one line for the notification, in place of the one vscope writes
 * @param line where the rule starts in the file, 0 when not read from one
 */
public record RuleConfig(
    String name,
    String type,
    String metric,
    Double above,
    Double below,
    String collection,
    String health,
    String alarm,
    @JsonProperty("for") Duration holdFor,
    Severity severity,
    ScopeConfig scope,
    String summary,
    @JsonIgnore int line) implements Located {

  public RuleConfig {
    holdFor = holdFor == null ? Duration.ZERO : holdFor;
    severity = severity == null ? Severity.WARNING : severity;
    scope = scope == null ? ScopeConfig.everything() : scope;
  }

  /** A rule on a metric or on collection, made in code. */
  public RuleConfig(String name, String type, String metric, Double above, Double below, String collection, Duration holdFor, Severity severity,
      ScopeConfig scope, String summary, int line) {
    this(name, type, metric, above, below, collection, null, null, holdFor, severity, scope, summary, line);
  }

  /** A rule on a metric of one type of entity, made in code (the default rules). */
  public static RuleConfig metric(String name, String type, String metric, double above, Duration holdFor, Severity severity, String summary) {
    return new RuleConfig(name, type, metric, above, null, null, holdFor, severity, null, summary, 0);
  }

  /** A rule on the state of collection, made in code (the default rules). */
  public static RuleConfig collection(String name, String collection, Duration holdFor, Severity severity, String summary) {
    return new RuleConfig(name, null, null, null, null, collection, holdFor, severity, null, summary, 0);
  }

  /** A rule on a health check, made in code. */
  public static RuleConfig health(String name, String check, Duration holdFor, Severity severity, ScopeConfig scope) {
    return new RuleConfig(name, null, null, null, null, null, check, null, holdFor, severity, scope, null, 0);
  }

  /** A rule on vCenter alarms, made in code. */
  public static RuleConfig alarm(String name, String alarmName, Duration holdFor, Severity severity, ScopeConfig scope) {
    return new RuleConfig(name, null, null, null, null, null, null, alarmName, holdFor, severity, scope, null, 0);
  }

  /** The same rule with another duration. */
  public RuleConfig withHoldFor(Duration d) {
    return new RuleConfig(name, type, metric, above, below, collection, health, alarm, d, severity, scope, summary, line);
  }

  @Override
  public RuleConfig atLine(int at) {
    return new RuleConfig(name, type, metric, above, below, collection, health, alarm, holdFor, severity, scope, summary, at);
  }
}
