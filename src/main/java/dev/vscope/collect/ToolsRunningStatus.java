package dev.vscope.collect;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether VMware Tools run in a VM ({@code VirtualMachineToolsRunningStatus}), by vSphere's names,
 * which are also its JSON names: the VM page flags powered-on VMs whose Tools do not run.
 */
public enum ToolsRunningStatus {
  NOT_RUNNING("guestToolsNotRunning"),
  RUNNING("guestToolsRunning"),
  EXECUTING_SCRIPTS("guestToolsExecutingScripts");

  private final String vsphereName;

  ToolsRunningStatus(String vsphereName) {
    this.vsphereName = vsphereName;
  }

  @JsonValue
  public String vsphereName() {
    return vsphereName;
  }

  /** The status of that vSphere name; null when the property is unset (Tools never seen) or the name unknown. */
  public static ToolsRunningStatus of(String vsphereName) {
    if (vsphereName == null) {
      return null;
    }
    for (ToolsRunningStatus s : values()) {
      if (s.vsphereName.equals(vsphereName.trim())) {
        return s;
      }
    }
    return null;
  }
}
