package dev.vscope.config;

/**
 * The thresholds of the health checks (issue 13): where a value becomes a finding of the Health
 * page. Unset keys take the defaults, the levels VMware's own guidance names: CPU ready above 5 %
 * per vCPU, datastores above 85 % used or provisioned above 150 % of their capacity, snapshots older
 * than a week.
 *
 * @param cpuReadyPercent a VM's CPU ready per vCPU, averaged over the last hour, above which it is
 *     flagged (default 5)
 * @param datastoreUsedPercent a datastore's used space, percent of its capacity, above which it is
 *     flagged (default 85)
 * @param datastoreProvisionedPercent a datastore's provisioned space (used plus what thin disks may
 *     still grow by), percent of its capacity, above which it is flagged (default 150)
 * @param snapshotDays the age in days above which a VM's oldest snapshot is flagged (default 7:
 *     a snapshot is not a backup, and its delta grows with every write)
 */
public record HealthConfig(Double cpuReadyPercent, Double datastoreUsedPercent, Double datastoreProvisionedPercent, Double snapshotDays) {

  public HealthConfig {
    cpuReadyPercent = cpuReadyPercent == null ? 5.0 : cpuReadyPercent;
    datastoreUsedPercent = datastoreUsedPercent == null ? 85.0 : datastoreUsedPercent;
    datastoreProvisionedPercent = datastoreProvisionedPercent == null ? 150.0 : datastoreProvisionedPercent;
    snapshotDays = snapshotDays == null ? 7.0 : snapshotDays;
  }

  public static HealthConfig defaults() {
    return new HealthConfig(null, null, null, null);
  }
}
