package dev.vscope.health;

import com.fasterxml.jackson.annotation.JsonValue;

/** How bad a failing check is; its JSON name is the lower-case word. */
public enum Severity {
  CRITICAL("critical"),
  WARNING("warning");

  private final String jsonName;

  Severity(String jsonName) {
    this.jsonName = jsonName;
  }

  @JsonValue
  public String jsonName() {
    return jsonName;
  }
}
