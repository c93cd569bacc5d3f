package dev.vscope.alert;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where an alert stands: pending while its rule's duration runs, firing, then resolved. JSON in lower case. */
public enum AlertState {
  /** The condition holds, not yet for the rule's duration: nobody is told. */
  PENDING,
  /** The condition has held for the rule's duration: channels are told, and told again at their repeat interval. */
  FIRING,
  /** The condition no longer holds: channels told of the firing are told of the end. */
  RESOLVED;

  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
