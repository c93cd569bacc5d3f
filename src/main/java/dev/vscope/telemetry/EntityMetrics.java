package dev.vscope.telemetry;

import dev.vscope.collect.ConnectionState;
import dev.vscope.collect.Inventory;
import dev.vscope.collect.PowerState;
import dev.vscope.collect.SnapshotSource;
import dev.vscope.collect.ToolsRunningStatus;
import dev.vscope.collect.VcenterSnapshot;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest collected values of every host, VM and datastore as Prometheus gauges, in base units
 * (ratios, bytes, seconds) with the conventional names, built at scrape time from the collectors'
 * snapshots: a scrape costs no vCenter call. Each series carries the entity's {@code id} besides
 * its names, since vSphere names need not be unique.
 */
public final class EntityMetrics implements MultiCollector {

  private final SnapshotSource source;

  public EntityMetrics(SnapshotSource source) {
    this.source = source;
  }

  /** One gauge family being filled. */
  private static final class Family {
    final String name;
    final String help;
    final Unit unit;
    final List<GaugeSnapshot.GaugeDataPointSnapshot> points = new ArrayList<>();

    Family(String name, String help, Unit unit) {
      this.name = name;
      this.help = help;
      this.unit = unit;
    }

    void add(Labels labels, Double value) {
      if (value != null && !value.isNaN()) {
        points.add(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
      }
    }

    GaugeSnapshot build() {
      GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
      if (unit != null) {
        b.unit(unit);
      }
      points.forEach(b::dataPoint);
      return b.build();
    }
  }

  private final class Families {
    final Map<String, Family> byName = new LinkedHashMap<>();

    Family get(String name, String help, Unit unit) {
      return byName.computeIfAbsent(name, n -> new Family(n, help, unit));
    }

    /** A value from the snapshot's latest metrics, scaled to base units. */
    void latest(VcenterSnapshot s, String entity, Labels labels, String metric, String name, String help, Unit unit, double scale) {
      Double v = s.latest(entity, metric);
      get(name, help, unit).add(labels, v == null ? null : v * scale);
    }
  }

  @Override
  public MetricSnapshots collect() {
    Families f = new Families();
    for (VcenterSnapshot s : source.snapshots()) {
      // The previous run's values, shown by the pages until the first cycle (issue 15), are not
      // exported: a scrape stamps what it reads with its own time, and they are not current.
      if (s.inventory() == null || s.status().fromPreviousRun()) {
        continue;
      }
      for (Inventory.Datacenter dc : s.inventory().datacenters()) {
        Map<String, Inventory.Host> hosts = new LinkedHashMap<>();
        dc.hosts().forEach(h -> hosts.put(h.id(), h));
        for (Inventory.Host h : dc.hosts()) {
          Labels l = Labels.of("id", h.id(), "vcenter", dc.vcenter(), "datacenter", dc.name(), "cluster", nz(h.cluster()), "host", nz(h.name()));
          host(f, s, h, l);
        }
        for (Inventory.Vm v : dc.vms()) {
          Inventory.Host h = hosts.get(v.host());
          Labels l = Labels.of("id", v.id(), "vcenter", dc.vcenter(), "datacenter", dc.name(),
              "cluster", h == null ? "" : nz(h.cluster()), "host", nz(v.hostName()), "vm", nz(v.name()));
          vm(f, s, v, l);
        }
        for (Inventory.Datastore d : dc.datastores()) {
          Labels l = Labels.of("id", d.id(), "vcenter", dc.vcenter(), "datacenter", dc.name(), "datastore", nz(d.name()));
          f.get("vscope_datastore_capacity_bytes", "Datastore capacity", Unit.BYTES).add(l, (double) d.capacityBytes());
          f.get("vscope_datastore_free_bytes", "Datastore free space", Unit.BYTES).add(l, (double) d.freeBytes());
          f.get("vscope_datastore_provisioned_bytes", "Space the datastore's disks may grow to", Unit.BYTES).add(l, (double) d.provisionedBytes());
          f.get("vscope_datastore_accessible", "1 when the datastore is accessible", null).add(l, d.accessible() ? 1.0 : 0.0);
          f.get("vscope_datastore_vms", "VMs on the datastore", null).add(l, (double) d.vms());
          f.latest(s, d.id(), l, "readLatency", "vscope_datastore_read_latency_seconds", "Read latency seen by its hosts", Unit.SECONDS, 0.001);
          f.latest(s, d.id(), l, "writeLatency", "vscope_datastore_write_latency_seconds", "Write latency seen by its hosts", Unit.SECONDS, 0.001);
        }
      }
    }
    MetricSnapshots.Builder out = MetricSnapshots.builder();
    f.byName.values().forEach(fam -> out.metricSnapshot(fam.build()));
    return out.build();
  }

  private static void host(Families f, VcenterSnapshot s, Inventory.Host h, Labels l) {
    f.get("vscope_host_connected", "1 when the host is connected to vCenter", null).add(l, h.connectionState() == ConnectionState.CONNECTED ? 1.0 : 0.0);
    f.get("vscope_host_maintenance", "1 when the host is in maintenance mode", null).add(l, h.inMaintenanceMode() ? 1.0 : 0.0);
    f.get("vscope_host_cpu_cores", "Physical CPU cores", null).add(l, (double) h.cores());
    f.get("vscope_host_cpu_threads", "CPU threads", null).add(l, (double) h.threads());
    f.get("vscope_host_memory_bytes", "Physical memory", Unit.BYTES).add(l, (double) h.memoryBytes());
    f.get("vscope_host_vms", "VMs on the host", null).add(l, (double) h.vms());
    f.get("vscope_host_vcpus", "vCPUs of the host's powered-on VMs", null).add(l, (double) h.vcpus());
    f.get("vscope_host_cpu_usage_ratio", "CPU usage (quick stats)", Unit.RATIO).add(l, ratio(h.cpuUsagePercent()));
    f.get("vscope_host_memory_usage_ratio", "Memory usage (quick stats)", Unit.RATIO).add(l, ratio(h.memUsagePercent()));
    f.latest(s, h.id(), l, "cpu.ready", "vscope_host_cpu_ready_ratio", "CPU ready per core", Unit.RATIO, 0.01);
    f.latest(s, h.id(), l, "net.rx", "vscope_host_network_receive_bytes_per_second", "Network received", null, 1024);
    f.latest(s, h.id(), l, "net.tx", "vscope_host_network_transmit_bytes_per_second", "Network sent", null, 1024);
    f.latest(s, h.id(), l, "disk.read", "vscope_host_disk_read_bytes_per_second", "Disk read", null, 1024);
    f.latest(s, h.id(), l, "disk.write", "vscope_host_disk_write_bytes_per_second", "Disk written", null, 1024);
  }

  private static void vm(Families f, VcenterSnapshot s, Inventory.Vm v, Labels l) {
    f.get("vscope_vm_powered_on", "1 when the VM is powered on", null).add(l, v.powerState() == PowerState.POWERED_ON ? 1.0 : 0.0);
    f.get("vscope_vm_tools_running", "1 when VMware Tools run in the VM", null).add(l, v.toolsRunningStatus() == ToolsRunningStatus.RUNNING ? 1.0 : 0.0);
    f.get("vscope_vm_vcpus", "Virtual CPUs", null).add(l, (double) v.numCpu());
    f.get("vscope_vm_memory_bytes", "Configured memory", Unit.BYTES).add(l, v.memoryMB() * 1024.0 * 1024.0);
    f.get("vscope_vm_storage_committed_bytes", "Storage used", Unit.BYTES).add(l, (double) v.committedBytes());
    f.latest(s, v.id(), l, "cpu.usage", "vscope_vm_cpu_usage_ratio", "CPU usage", Unit.RATIO, 0.01);
    f.latest(s, v.id(), l, "mem.usage", "vscope_vm_memory_usage_ratio", "Memory usage", Unit.RATIO, 0.01);
    f.latest(s, v.id(), l, "cpu.ready", "vscope_vm_cpu_ready_ratio", "CPU ready per vCPU", Unit.RATIO, 0.01);
    f.latest(s, v.id(), l, "net.rx", "vscope_vm_network_receive_bytes_per_second", "Network received", null, 1024);
    f.latest(s, v.id(), l, "net.tx", "vscope_vm_network_transmit_bytes_per_second", "Network sent", null, 1024);
    f.latest(s, v.id(), l, "disk.read", "vscope_vm_disk_read_bytes_per_second", "Disk read", null, 1024);
    f.latest(s, v.id(), l, "disk.write", "vscope_vm_disk_write_bytes_per_second", "Disk written", null, 1024);
    f.latest(s, v.id(), l, "disk.readIops", "vscope_vm_disk_read_operations_per_second", "Disk reads per second", null, 1);
    f.latest(s, v.id(), l, "disk.writeIops", "vscope_vm_disk_write_operations_per_second", "Disk writes per second", null, 1);
    f.latest(s, v.id(), l, "disk.maxLatency", "vscope_vm_disk_max_latency_seconds", "Highest disk latency", Unit.SECONDS, 0.001);
  }

  private static Double ratio(Double percent) {
    return percent == null ? null : percent / 100;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
