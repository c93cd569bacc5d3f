package dev.vscope.health;

import dev.vscope.config.HealthConfig;
import java.util.List;

/**
 * The checks of the Health page, in the order it lists them when they fail alike (issue 13). A
 * check is added here in one line.
 */
public final class HealthChecks {

  private HealthChecks() {}

  /** Every check, with the configured thresholds. */
  public static List<HealthCheck> all(HealthConfig config) {
    return List.of(
        new HostDisconnectedCheck(),
        new DatastoreUsedCheck(config.datastoreUsedPercent()),
        DuplicateCheck.instanceUuid(),
        DuplicateCheck.mac(),
        DuplicateCheck.ip(),
        new HostNicDownCheck(),
        new HostMaintenanceCheck(),
        new MixedBuildsCheck(),
        new CpuReadyCheck(config.cpuReadyPercent()),
        new MemoryPressureCheck(),
        new DatastoreProvisionedCheck(config.datastoreProvisionedPercent()),
        new VmToolsCheck(),
        new SnapshotAgeCheck(config.snapshotDays()),
        new ConsolidationCheck(),
        DuplicateCheck.biosUuid(),
        new IsoMountedCheck());
  }
}
