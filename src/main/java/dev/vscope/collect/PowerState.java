package dev.vscope.collect;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The power state of a VM ({@code VirtualMachinePowerState}: poweredOn, poweredOff, suspended) or
 * of a host ({@code HostSystemPowerState}: poweredOn, poweredOff, standBy, unknown), by vSphere's
 * names, which are also its JSON names.
 */
public enum PowerState {
  POWERED_ON("poweredOn"),
  POWERED_OFF("poweredOff"),
  SUSPENDED("suspended"),
  STANDBY("standBy"),
  UNKNOWN("unknown");

  private final String vsphereName;

  PowerState(String vsphereName) {
    this.vsphereName = vsphereName;
  }

  @JsonValue
  public String vsphereName() {
    return vsphereName;
  }

  /**
   * The state of that vSphere name; null when the property is unset, {@link #UNKNOWN} for a name
   * this version does not know (a newer vCenter's), which vSphere's own "unknown" also means.
   */
  public static PowerState of(String vsphereName) {
    if (vsphereName == null) {
      return null;
    }
    for (PowerState s : values()) {
      if (s.vsphereName.equals(vsphereName.trim())) {
        return s;
      }
    }
    return UNKNOWN;
  }
}
