package dev.vscope.alert;

import dev.vscope.config.RuleConfig;
import dev.vscope.config.Severity;
import java.time.Duration;
import java.util.List;

/**
 * The rules vscope evaluates unless {@code alerts.defaultRules} is false, documented in
 * docs/operations.md ("Alerts"). Their levels are the dashboard's critical thresholds where it
 * has one, held long enough that a spike alone does not fire. A rule of the file with one of these
 * names replaces it.
 */
public final class DefaultRules {

  public static final List<RuleConfig> ALL = List.of(
      RuleConfig.metric("vm-cpu-ready", "vm", "cpu.ready", 10, Duration.ofMinutes(10), Severity.WARNING,
          "CPU ready above 10 % for 10 minutes: the VM waits for a physical CPU"),
      RuleConfig.metric("vm-disk-latency", "vm", "disk.maxLatency", 50, Duration.ofMinutes(10), Severity.WARNING,
          "disk latency above 50 ms for 10 minutes"),
      RuleConfig.metric("host-cpu", "host", "cpu.usage", 90, Duration.ofMinutes(15), Severity.WARNING,
          "host CPU usage above 90 % for 15 minutes"),
      RuleConfig.metric("host-memory", "host", "mem.usage", 95, Duration.ofMinutes(15), Severity.WARNING,
          "host memory usage above 95 % for 15 minutes"),
      RuleConfig.metric("datastore-used", "datastore", "space.usedPercent", 90, Duration.ZERO, Severity.WARNING,
          "datastore more than 90 % full"),
      RuleConfig.metric("datastore-full", "datastore", "space.usedPercent", 97, Duration.ZERO, Severity.CRITICAL,
          "datastore more than 97 % full: thin disks and snapshots are about to fail"),
      RuleConfig.collection("vcenter-unreachable", "vcenterUnreachable", Duration.ofMinutes(5), Severity.CRITICAL,
          "vscope cannot collect from this vCenter for 5 minutes"),
      RuleConfig.collection("collection-stale", "stale", Duration.ZERO, Severity.WARNING,
          "no collection cycle succeeded for three intervals: the dashboard shows old data"),
      RuleConfig.collection("store-failing", "storeFailing", Duration.ZERO, Severity.CRITICAL,
          "the history store cannot write: graphs have gaps from now on"));

  private DefaultRules() {}
}
