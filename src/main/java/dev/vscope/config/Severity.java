package dev.vscope.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How bad an alert is: a rule says it, a channel may take only the critical ones. */
public enum Severity {
  WARNING,
  CRITICAL;

  /**
   * The severity a configuration or an API client names, in lower case.
   *
   * @throws IllegalArgumentException for any other name, which the configuration loader reports with its place
   */
  @JsonCreator
  public static Severity of(String name) {
    return switch (name == null ? "" : name) {
      case "warning" -> WARNING;
      case "critical" -> CRITICAL;
      default -> throw new IllegalArgumentException("must be warning or critical, not " + name);
    };
  }

  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
