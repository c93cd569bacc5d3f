package dev.vscope.collect;

import java.util.List;
import java.util.Optional;

/**
 * A value vscope keeps history of, in the unit people read, and the vSphere counter it comes from.
 *
 * @param name vscope's name ({@code cpu.ready}); per-device values append {@code [instance]}
 * @param kind the entity type it belongs to
 * @param counter vSphere counter, {@code group.name.rollup}; null for values taken from properties
 * @param instances which instances of the counter to ask for and how to fold them into one value
 * @param unit unit of the stored value
 * @param scale factor from the counter's unit to {@code unit} (percent counters are in hundredths)
 */
public record Metric(String name, Kind kind, String counter, Instances instances, String unit, double scale) {

  /** Entity types with history. */
  public enum Kind {
    HOST,
    VM,
    DATASTORE,
    CLUSTER
  }

  /** How instances of a counter are asked for and kept. */
  public enum Instances {
    /** The entity's total (instance ""). */
    TOTAL,
    /** The total, plus one series per physical NIC ({@code net.rx[vmnic0]}). */
    TOTAL_AND_PER_NIC,
    /** One series per datastore the host mounts ({@code datastore.readLatency[datastore-15]}). */
    PER_DATASTORE,
    /** Every instance ("*"), summed (a VM's virtual disks' throughput and IOPS). */
    SUM,
    /** Every instance ("*"), the largest (a VM's worst virtual disk latency). */
    MAX
  }

  public static final String PERCENT = "percent";
  public static final String KBPS = "KBps";
  public static final String IOPS = "iops";
  public static final String MS = "ms";
  public static final String BYTES = "bytes";

  /** CPU ready is derived: ready milliseconds per sample, as percent of the sample's interval per vCPU (or per core on hosts). */
  public static final String CPU_READY = "cpu.ready";

  public static final List<Metric> ALL =
      List.of(
          new Metric("cpu.usage", Kind.HOST, "cpu.usage.average", Instances.TOTAL, PERCENT, 0.01),
          new Metric(CPU_READY, Kind.HOST, "cpu.ready.summation", Instances.TOTAL, PERCENT, 1),
          new Metric("mem.usage", Kind.HOST, "mem.usage.average", Instances.TOTAL, PERCENT, 0.01),
          new Metric("net.rx", Kind.HOST, "net.bytesRx.average", Instances.TOTAL_AND_PER_NIC, KBPS, 1),
          new Metric("net.tx", Kind.HOST, "net.bytesTx.average", Instances.TOTAL_AND_PER_NIC, KBPS, 1),
          new Metric("disk.read", Kind.HOST, "disk.read.average", Instances.TOTAL, KBPS, 1),
          new Metric("disk.write", Kind.HOST, "disk.write.average", Instances.TOTAL, KBPS, 1),
          // a host's disk latency as vCenter's host charts show it: the highest of its devices (issue 12, Top-N)
          new Metric("disk.maxLatency", Kind.HOST, "disk.maxTotalLatency.latest", Instances.TOTAL, MS, 1),
          // a host's operations per second, summed over its per-datastore series (HostDiskSamples says why)
          new Metric("disk.readIops", Kind.HOST, null, Instances.TOTAL, IOPS, 1),
          new Metric("disk.writeIops", Kind.HOST, null, Instances.TOTAL, IOPS, 1),
          // memory pressure (issue 12): the counters are in KB
          new Metric("mem.ballooned", Kind.HOST, "mem.vmmemctl.average", Instances.TOTAL, BYTES, 1024),
          new Metric("mem.swapped", Kind.HOST, "mem.swapped.average", Instances.TOTAL, BYTES, 1024),
          new Metric("mem.compressed", Kind.HOST, "mem.compressed.average", Instances.TOTAL, BYTES, 1024),
          new Metric("datastore.readLatency", Kind.HOST, "datastore.totalReadLatency.average", Instances.PER_DATASTORE, MS, 1),
          new Metric("datastore.writeLatency", Kind.HOST, "datastore.totalWriteLatency.average", Instances.PER_DATASTORE, MS, 1),
          new Metric("datastore.readIops", Kind.HOST, "datastore.numberReadAveraged.average", Instances.PER_DATASTORE, IOPS, 1),
          new Metric("datastore.writeIops", Kind.HOST, "datastore.numberWriteAveraged.average", Instances.PER_DATASTORE, IOPS, 1),
          new Metric("cpu.usage", Kind.VM, "cpu.usage.average", Instances.TOTAL, PERCENT, 0.01),
          new Metric(CPU_READY, Kind.VM, "cpu.ready.summation", Instances.TOTAL, PERCENT, 1),
          new Metric("mem.usage", Kind.VM, "mem.usage.average", Instances.TOTAL, PERCENT, 0.01),
          new Metric("mem.ballooned", Kind.VM, "mem.vmmemctl.average", Instances.TOTAL, BYTES, 1024),
          new Metric("mem.swapped", Kind.VM, "mem.swapped.average", Instances.TOTAL, BYTES, 1024),
          new Metric("mem.compressed", Kind.VM, "mem.compressed.average", Instances.TOTAL, BYTES, 1024),
          new Metric("net.rx", Kind.VM, "net.bytesRx.average", Instances.TOTAL, KBPS, 1),
          new Metric("net.tx", Kind.VM, "net.bytesTx.average", Instances.TOTAL, KBPS, 1),
          new Metric("disk.read", Kind.VM, "virtualDisk.read.average", Instances.SUM, KBPS, 1),
          new Metric("disk.write", Kind.VM, "virtualDisk.write.average", Instances.SUM, KBPS, 1),
          new Metric("disk.readIops", Kind.VM, "virtualDisk.numberReadAveraged.average", Instances.SUM, IOPS, 1),
          new Metric("disk.writeIops", Kind.VM, "virtualDisk.numberWriteAveraged.average", Instances.SUM, IOPS, 1),
          new Metric("disk.readLatency", Kind.VM, "virtualDisk.totalReadLatency.average", Instances.MAX, MS, 1),
          new Metric("disk.writeLatency", Kind.VM, "virtualDisk.totalWriteLatency.average", Instances.MAX, MS, 1),
          new Metric("disk.maxLatency", Kind.VM, "disk.maxTotalLatency.latest", Instances.TOTAL, MS, 1),
          new Metric("disk.used", Kind.DATASTORE, "disk.used.latest", Instances.TOTAL, BYTES, 1024),
          new Metric("disk.provisioned", Kind.DATASTORE, "disk.provisioned.latest", Instances.TOTAL, BYTES, 1024),
          // from the datastore's properties, recorded each cycle
          new Metric("space.capacity", Kind.DATASTORE, null, Instances.TOTAL, BYTES, 1),
          new Metric("space.free", Kind.DATASTORE, null, Instances.TOTAL, BYTES, 1),
          new Metric("space.usedPercent", Kind.DATASTORE, null, Instances.TOTAL, PERCENT, 1),
          // the hosts' per-datastore latency, averaged over the hosts that mount it
          new Metric("readLatency", Kind.DATASTORE, null, Instances.TOTAL, MS, 1),
          new Metric("writeLatency", Kind.DATASTORE, null, Instances.TOTAL, MS, 1),
          // the hosts' per-datastore operations, summed over the hosts that mount it
          new Metric("readIops", Kind.DATASTORE, null, Instances.TOTAL, IOPS, 1),
          new Metric("writeIops", Kind.DATASTORE, null, Instances.TOTAL, IOPS, 1),
          // a cluster's usage over its effective capacity, from its hosts' quickStats each cycle
          new Metric("cpu.usage", Kind.CLUSTER, null, Instances.TOTAL, PERCENT, 1),
          new Metric("mem.usage", Kind.CLUSTER, null, Instances.TOTAL, PERCENT, 1));

  public static List<Metric> of(Kind kind) {
    return ALL.stream().filter(m -> m.kind == kind).toList();
  }

  /** The unit of a stored metric name, instance suffix included ({@code net.rx[vmnic0]}). */
  public static Optional<String> unitOf(Kind kind, String storedName) {
    int bracket = storedName.indexOf('[');
    String base = bracket < 0 ? storedName : storedName.substring(0, bracket);
    return ALL.stream().filter(m -> m.kind == kind && m.name.equals(base)).map(Metric::unit).findFirst();
  }
}
