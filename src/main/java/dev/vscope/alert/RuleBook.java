package dev.vscope.alert;

import dev.vscope.collect.Metric;
import dev.vscope.config.AlertsConfig;
import dev.vscope.config.ConfigException;
import dev.vscope.config.RuleConfig;
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
      if (r.metric() != null) {
        metric(r, alerts.source(), "alerts.rules[" + i + "] (" + r.name() + ")");
      }
    }
  }

  /** The rules to evaluate, defaults first then the file's, each compiled; {@code startedAt} is this run's start. */
  public static List<Rule> compile(AlertsConfig alerts, Instant startedAt) {
    check(alerts);
    Map<String, Rule> rules = new LinkedHashMap<>();
    if (alerts.defaultRules()) {
      for (RuleConfig r : DefaultRules.ALL) {
        rules.put(r.name(), rule(r, true, startedAt, alerts.source()));
      }
    }
    for (RuleConfig r : alerts.rules()) {
      rules.remove(r.name()); // a rule of the file replaces the default of that name, and comes in its place in the file's order
      rules.put(r.name(), rule(r, false, startedAt, alerts.source()));
    }
    return List.copyOf(rules.values());
  }

  private static Rule rule(RuleConfig r, boolean builtIn, Instant startedAt, String source) {
    Condition condition;
    if (r.metric() != null) {
      Metric m = metric(r, source, "rule " + r.name());
      condition = r.above() != null ? new MetricCondition(m, r.above(), true) : new MetricCondition(m, r.below(), false);
    } else {
      condition = new CollectionCondition(CollectionCondition.Kind.of(r.collection()), startedAt);
    }
    return new Rule(r, Scope.of(r.scope()), condition, builtIn);
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

  /** The names of the rules, for messages. */
  static List<String> names(List<Rule> rules) {
    List<String> out = new ArrayList<>();
    rules.forEach(r -> out.add(r.name()));
    return out;
  }
}
