package dev.vscope.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.vscope.collect.Inventory;

/** What the list endpoints answer per entity: its inventory fields plus its latest performance values. */
final class Rows {

  private Rows() {}

  record DatacenterRow(String id, String name, String vcenter, int hosts, int vms, int datastores) {}

  record HostRow(
      @JsonUnwrapped Inventory.Host host, String datacenter, Double netRxKBps, Double netTxKBps, Double cpuReadyPercent,
      Double diskReadKBps, Double diskWriteKBps) {}

  record DatastoreRow(
      @JsonUnwrapped Inventory.Datastore datastore, String datacenter, Double usedPercent, Double readLatencyMs, Double writeLatencyMs) {}

  record VmRow(
      @JsonUnwrapped Inventory.Vm vm,
      String datacenter,
      Double cpuUsagePercent,
      Double memUsagePercent,
      Double netRxKBps,
      Double netTxKBps,
      Double cpuReadyPercent,
      Double diskReadKBps,
      Double diskWriteKBps,
      Double diskReadIops,
      Double diskWriteIops,
      Double diskLatencyMs) {}
}
