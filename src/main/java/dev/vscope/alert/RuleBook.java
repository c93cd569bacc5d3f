package dev.vscope.alert;

import dev.vscope.collect.Metric;
import dev.vscope.config.AlertsConfig;
import dev.vscope.config.ConfigException;
import dev.vscope.config.HealthConfig;
import dev.vscope.config.RuleConfig;
import dev.vscope.config.ScopeConfig;
import dev.vscope.config.Severity;
import dev.vscope.health.HealthCheck;
import dev.vscope.health.HealthChecks;
import dev.vscope.health.HealthMonitor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The rules of a configuration, compiled: the default ones (unless turned off), those of the file
 * (one with a default rule's name replaces it), each with its condition. The configuration loader
 * has checked their shape; this checks what needs vscope's catalog of metrics, and names the line
 * of the rule as the loader does: {@code check-config} and the start call {@link #check}.
 */
public final class RuleBook {

  private RuleBook() {}

  /**
   * Checks every rule's metric against the metrics vscope keeps of its type.
   *
   * @throws ConfigException naming the file, the line and the metrics it could have used
   */
  public static void check(AlertsConfig alerts) {
    for (int i = 0; i < alerts.rules().size(); i++) {
      RuleConfig r = alerts.rules().get(i);
      String where = "alerts.rules[" + i + "] (" + r.name() + ")";
      if (r.metric() != null) {
        metric(r, alerts.source(), where);
      }
      if (r.health() != null) {
        healthCheck(r, alerts.source(), where);
      }
    }
  }

  /**
   * The rules to evaluate, defaults first then the file's, each compiled.
   *
   * @param startedAt this run's start
   * @param health the health checks' findings, which health rules read
   */
  public static List<Rule> compile(AlertsConfig alerts, Instant startedAt, HealthMonitor health) {
    check(alerts);
    Map<String, Rule> rules = new LinkedHashMap<>();
    if (alerts.defaultRules()) {
      for (RuleConfig r : DefaultRules.ALL) {
        rules.put(r.name(), rule(r, true, startedAt, alerts.source(), health));
      }
    }
    for (RuleConfig r : alerts.rules()) {
      rules.remove(r.name()); // a rule of the file replaces the default of that name, and comes in its place in the file's order
      rules.put(r.name(), rule(r, false, startedAt, alerts.source(), health));
    }
    return List.copyOf(rules.values());
  }

  private static Rule rule(RuleConfig r, boolean builtIn, Instant startedAt, String source, HealthMonitor health) {
    return new Rule(r, Scope.of(r.scope()), condition(r, startedAt, source, health), builtIn);
  }

  /**
   * What a rule watches, from the one source its configuration names. A new kind of source is a
   * field of {@link RuleConfig}, one more in the loader's "exactly one source" check, a {@link
   * Condition} reading its results, and a branch here, as health checks and vCenter alarms are.
   */
  private static Condition condition(RuleConfig r, Instant startedAt, String source, HealthMonitor health) {
    if (r.metric() != null) {
      Metric m = metric(r, source, "rule " + r.name());
      return r.above() != null ? new MetricCondition(m, r.above(), true) : new MetricCondition(m, r.below(), false);
    }
    if (r.health() != null) {
      return new HealthCheckCondition(health, r.health(), healthCheck(r, source, "rule " + r.name()).title().in("en"));
    }
    if (r.alarm() != null) {
      return new AlarmCondition(r.alarm(), r.severity() == Severity.CRITICAL);
    }
    return new CollectionCondition(CollectionCondition.Kind.of(r.collection()), startedAt);
  }

  /** The health check a rule names, by its id; its thresholds do not matter here, only which checks exist. */
  private static HealthCheck healthCheck(RuleConfig r, String source, String where) {
    List<HealthCheck> known = HealthChecks.all(HealthConfig.defaults());
    for (HealthCheck c : known) {
      if (c.id().equals(r.health())) {
        return c;
      }
    }
    String prefix = source == null ? "" : (r.line() > 0 ? source + ":" + r.line() : source) + ": ";
    throw new ConfigException(prefix + where + ": unknown health check '" + r.health() + "' (known: "
        + known.stream().map(HealthCheck::id).collect(Collectors.joining(", ")) + ")", null);
  }

  private static Metric metric(RuleConfig r, String source, String where) {
    Metric.Kind kind = Metric.Kind.valueOf(r.type().toUpperCase(Locale.ROOT));
    List<Metric> known = MetricCondition.watchable(kind);
    for (Metric m : known) {
      if (m.name().equals(r.metric())) {
        return m;
      }
    }
    String prefix = source == null ? "" : (r.line() > 0 ? source + ":" + r.line() : source) + ": ";
    throw new ConfigException(prefix + where + ": unknown metric '" + r.metric() + "' for " + r.type() + "s (known: "
        + known.stream().map(Metric::name).distinct().collect(Collectors.joining(", ")) + ")", null);
  }

  /**
   * The rules whose scope names nothing: a name or pattern of a dimension (not of an exclusion,
   * which may well match nothing today) that matches no object of that kind in the vCenters the
   * rule covers. Such a rule watches nothing, which is most likely a typo.
   *
   * @param names per vCenter that could be read, dimension ({@code clusters}) → the names of that kind
   * @return one message per name that matches nothing, with the file and the line of the rule
   */
  public static List<String> unknownNames(AlertsConfig alerts, Map<String, Map<String, java.util.Set<String>>> names) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < alerts.rules().size(); i++) {
      RuleConfig r = alerts.rules().get(i);
      ScopeConfig s = r.scope();
      List<String> vcenters = s.vcenters().isEmpty() ? List.copyOf(names.keySet()) : s.vcenters().stream().filter(names::containsKey).toList();
      if (vcenters.isEmpty()) {
        continue; // none of its vCenters could be read: nothing to compare with
      }
      Map<String, List<String>> dims = Map.of("datacenters", s.datacenters(), "clusters", s.clusters(), "hosts", s.hosts(), "datastores",
          s.datastores(), "vms", s.vms());
      for (String dim : List.of("datacenters", "clusters", "hosts", "datastores", "vms")) {
        for (String pattern : dims.get(dim)) {
          java.util.regex.Pattern glob = Scope.glob(pattern);
          boolean found = vcenters.stream().anyMatch(v -> names.get(v).getOrDefault(dim, java.util.Set.of()).stream()
              .anyMatch(n -> glob.matcher(n).matches()));
          if (!found) {
            String prefix = alerts.source() == null ? "" : (r.line() > 0 ? alerts.source() + ":" + r.line() : alerts.source()) + ": ";
            out.add(prefix + "alerts.rules[" + i + "] (" + r.name() + ").scope." + dim + ": '" + pattern + "' matches nothing in "
                + String.join(", ", vcenters));
          }
        }
      }
    }
    return out;
  }
}
