package dev.vscope.collect;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The status of a triggered alarm ({@code AlarmState.overallStatus}) by vSphere's names, which are
 * also its JSON names. vCenter lists an alarm as triggered while it is red or yellow; a state of
 * another colour (green, gray: back to normal but not yet cleared) is not a triggered alarm.
 */
public enum AlarmStatus {
  RED("red"),
  YELLOW("yellow");

  private final String vsphereName;

  AlarmStatus(String vsphereName) {
    this.vsphereName = vsphereName;
  }

  @JsonValue
  public String vsphereName() {
    return vsphereName;
  }

  /** The status of that vSphere name; null for green, gray, an unset or an unknown one. */
  public static AlarmStatus of(String vsphereName) {
    if (vsphereName == null) {
      return null;
    }
    for (AlarmStatus s : values()) {
      if (s.vsphereName.equals(vsphereName.trim())) {
        return s;
      }
    }
    return null;
  }
}
