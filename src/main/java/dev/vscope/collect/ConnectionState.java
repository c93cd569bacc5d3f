package dev.vscope.collect;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether vCenter reaches a host ({@code HostSystemConnectionState}), by vSphere's names, which are
 * also its JSON names. Only a connected host has statistics to ask for.
 */
public enum ConnectionState {
  CONNECTED("connected"),
  DISCONNECTED("disconnected"),
  NOT_RESPONDING("notResponding");

  private final String vsphereName;

  ConnectionState(String vsphereName) {
    this.vsphereName = vsphereName;
  }

  @JsonValue
  public String vsphereName() {
    return vsphereName;
  }

  /** The state of that vSphere name; null when the property is unset or the name unknown. */
  public static ConnectionState of(String vsphereName) {
    if (vsphereName == null) {
      return null;
    }
    for (ConnectionState s : values()) {
      if (s.vsphereName.equals(vsphereName.trim())) {
        return s;
      }
    }
    return null;
  }
}
