package dev.vscope.alert;

import dev.vscope.config.RuleConfig;
import dev.vscope.config.Severity;
import java.time.Duration;

/**
 * A rule ready to evaluate: its configuration, its scope compiled and its condition built.
 *
 * @param builtIn one of vscope's default rules ({@link DefaultRules}), not one of the file
 */
public record Rule(RuleConfig config, Scope scope, Condition condition, boolean builtIn) {

  public String name() {
    return config.name();
  }

  public Severity severity() {
    return config.severity();
  }

  public Duration holdFor() {
    return config.holdFor();
  }
}
