package dev.vscope.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.util.List;

/**
 * Alerts: the rules vscope evaluates on what it collects, and the channels it notifies (issue 14).
 * Without a channel, alerts still show on the Alerts page and in the API.
 *
 * @param defaultRules evaluate the documented default rules besides {@code rules} (default true);
 *     a rule of {@code rules} with the name of a default rule replaces it
 * @param evaluationInterval how often the rules are evaluated besides after each collection cycle
 *     (default 15 s: collection rules, a silence's end and retries need no cycle)
 * @param repeatInterval how often a group of alerts that keeps firing is mailed or posted again (default 4 h)
 * @param externalUrl the address users reach vscope at, for the links of notifications
 *     (default {@code https://<this host's name>:<server.port>})
 * @param source the file the configuration was read from, for the messages of the rule checks
 */
public record AlertsConfig(
    Boolean defaultRules,
    Duration evaluationInterval,
    Duration repeatInterval,
    String externalUrl,
    List<RuleConfig> rules,
    List<EmailConfig> email,
    List<WebhookConfig> webhooks,
    List<AlertmanagerConfig> alertmanagers,
    @JsonIgnore String source) {

  public AlertsConfig {
    defaultRules = defaultRules == null || defaultRules;
    evaluationInterval = evaluationInterval == null ? Duration.ofSeconds(15) : evaluationInterval;
    repeatInterval = repeatInterval == null ? Duration.ofHours(4) : repeatInterval;
    rules = copy(rules);
    email = copy(email);
    webhooks = copy(webhooks);
    alertmanagers = copy(alertmanagers);
  }

  public static AlertsConfig defaults() {
    return new AlertsConfig(null, null, null, null, null, null, null, null, null);
  }

  /** The same alerts with other channels: the loader's, with passwords read and paths resolved. */
  AlertsConfig with(List<EmailConfig> mail, List<WebhookConfig> hooks, List<AlertmanagerConfig> managers, String from) {
    return new AlertsConfig(defaultRules, evaluationInterval, repeatInterval, externalUrl, rules, mail, hooks, managers, from);
  }

  private static <T> List<T> copy(List<T> list) {
    if (list == null) {
      return List.of();
    }
    for (T item : list) {
      if (item == null) {
        throw new IllegalArgumentException("an entry of the list is empty");
      }
    }
    return List.copyOf(list);
  }
}
