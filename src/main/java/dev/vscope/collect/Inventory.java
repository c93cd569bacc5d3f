package dev.vscope.collect;

import java.time.Instant;
import java.util.List;

/**
 * Everything vscope knows of the objects of one vCenter at one moment, per datacenter. Immutable:
 * each collection cycle publishes a new one. Enumerated values are spelled as vSphere spells them.
 */
public record Inventory(String vcenter, Instant collectedAt, List<Datacenter> datacenters) {

  public Inventory {
    datacenters = List.copyOf(datacenters);
  }

  public record Datacenter(String id, String name, String vcenter, List<Host> hosts, List<Datastore> datastores, List<Vm> vms) {
    public Datacenter {
      hosts = List.copyOf(hosts);
      datastores = List.copyOf(datastores);
      vms = List.copyOf(vms);
    }
  }

  /** A physical NIC; {@code linkSpeedMbps} is null when the link is down. */
  public record Nic(String device, Integer linkSpeedMbps, boolean up) {}

  public record Host(
      String id,
      String name,
      String cluster,
      ConnectionState connectionState,
      PowerState powerState,
      boolean inMaintenanceMode,
      int cores,
      int threads,
      int cpuMhz,
      long memoryBytes,
      Double cpuUsagePercent,
      Double memUsagePercent,
      int vms,
      int vcpus,
      List<Nic> nics,
      List<String> datastores) {
    public Host {
      nics = List.copyOf(nics);
      datastores = List.copyOf(datastores);
    }

    /** This host listing only the given datastores (those a viewer may see). */
    public Host withDatastores(List<String> ids) {
      return new Host(id, name, cluster, connectionState, powerState, inMaintenanceMode, cores, threads, cpuMhz, memoryBytes,
          cpuUsagePercent, memUsagePercent, vms, vcpus, nics, ids);
    }
  }

  /** {@code provisionedBytes} is capacity − free + uncommitted, what thin disks could grow to. */
  public record Datastore(
      String id,
      String name,
      String type,
      String url,
      long capacityBytes,
      long freeBytes,
      long uncommittedBytes,
      long provisionedBytes,
      boolean accessible,
      String maintenanceMode,
      int vms,
      int hosts) {}

  public record Vm(
      String id,
      String name,
      String host,
      String hostName,
      PowerState powerState,
      ToolsRunningStatus toolsRunningStatus,
      String toolsVersionStatus,
      int numCpu,
      int memoryMB,
      long committedBytes,
      long uncommittedBytes,
      String ftState,
      String guestFullName,
      List<String> datastores) {
    public Vm {
      datastores = List.copyOf(datastores);
    }

    /** This VM without its host's name (for a viewer who may not see the host: the id is all vSphere shows them). */
    public Vm withoutHostName() {
      return new Vm(id, name, host, null, powerState, toolsRunningStatus, toolsVersionStatus, numCpu, memoryMB, committedBytes,
          uncommittedBytes, ftState, guestFullName, datastores);
    }

    /** This VM listing only the given datastores (those a viewer may see). */
    public Vm withDatastores(List<String> ids) {
      return new Vm(id, name, host, hostName, powerState, toolsRunningStatus, toolsVersionStatus, numCpu, memoryMB, committedBytes,
          uncommittedBytes, ftState, guestFullName, ids);
    }
  }
}
