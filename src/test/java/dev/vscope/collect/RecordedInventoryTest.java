package dev.vscope.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.vim.ManagedObjectReference;
import dev.vscope.vim.ObjectContent;
import dev.vscope.vim.Replays;
import dev.vscope.vim.XmlNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A real vCenter 6.7's VM (vm-22) and its host (host-14), read into inventory records. The
 * recordings hold each object's whole {@code summary}; vscope asks for leaf paths, whose values
 * are the same elements, so each leaf is taken from the recorded summary (runtime, guest and the
 * name are in it too). Expected values come from the recordings' text. See
 * src/test/resources/vcenter/README.md.
 */
class RecordedInventoryTest {

  private static final ManagedObjectReference VM = new ManagedObjectReference("VirtualMachine", "vm-22");
  private static final ManagedObjectReference HOST = new ManagedObjectReference("HostSystem", "host-14");

  private static String recorded(String file, String regex) {
    Matcher m = Pattern.compile(regex).matcher(Replays.recording(file));
    assertThat(m.find()).as(regex).isTrue();
    return m.group(1);
  }

  /** The leaf properties vscope asks for, as vCenter answers them: each the element at that path. */
  private static Map<String, XmlNode> leaves(XmlNode summary, Map<String, String> pathInSummary) {
    Map<String, XmlNode> out = new HashMap<>();
    pathInSummary.forEach((path, inSummary) -> {
      XmlNode node = summary.path(inSummary);
      if (node != null) {
        out.put(path, node);
      }
    });
    return out;
  }

  private static Inventory.Datacenter datacenter() {
    ObjectContent vm = Replays.retrieveOne("pyvmomi-RetrievePropertiesEx-1.xml", VM, List.of("summary"));
    ObjectContent host = Replays.retrieveOne("pyvmomi-RetrievePropertiesEx-2.xml", HOST, List.of("summary"));
    Map<String, String> vmPaths = new LinkedHashMap<>();
    for (String path : InventorySpec.VM) {
      vmPaths.put(path, path.startsWith("summary.") ? path.substring("summary.".length()) : path);
    }
    vmPaths.put("name", "config.name");
    Map<String, String> hostPaths = new LinkedHashMap<>();
    for (String path : InventorySpec.HOST) {
      hostPaths.put(path, path.startsWith("summary.") ? path.substring("summary.".length()) : path);
    }
    hostPaths.put("name", "config.name");
    Map<ManagedObjectReference, Map<String, XmlNode>> objects = new HashMap<>();
    objects.put(VM, leaves(vm.props().get("summary"), vmPaths));
    objects.put(HOST, leaves(host.props().get("summary"), hostPaths));
    return InventoryBuilder.datacenter("vc", new ManagedObjectReference("Datacenter", "datacenter-2"), "dc", objects, Map.of(), o -> Map.of());
  }

  @Test
  void aVmOfVcenter67() {
    String file = "pyvmomi-RetrievePropertiesEx-1.xml";

    Inventory.Vm vm = datacenter().vms().get(0);

    assertThat(vm.id()).isEqualTo("vc:vm-22");
    assertThat(vm.name()).isEqualTo(recorded(file, "<config><name>([^<]+)</name>"));
    assertThat(vm.host()).isEqualTo("vc:" + recorded(file, "<host type=\"HostSystem\">([^<]+)</host>"));
    assertThat(vm.hostName()).isEqualTo(recorded("pyvmomi-RetrievePropertiesEx-2.xml", "<config><name>([^<]+)</name>"));
    assertThat(vm.powerState().vsphereName()).isEqualTo(recorded(file, "<runtime>.*?<powerState>([^<]+)</powerState>"));
    assertThat(vm.toolsRunningStatus().vsphereName()).isEqualTo(recorded(file, "<toolsRunningStatus>([^<]+)</toolsRunningStatus>"));
    assertThat(vm.toolsVersionStatus()).isEqualTo(recorded(file, "<toolsVersionStatus2>([^<]+)</toolsVersionStatus2>"));
    assertThat(vm.numCpu()).isEqualTo(Integer.parseInt(recorded(file, "<config>.*?<numCpu>([^<]+)</numCpu>")));
    assertThat(vm.memoryMB()).isEqualTo(Integer.parseInt(recorded(file, "<config>.*?<memorySizeMB>([^<]+)</memorySizeMB>")));
    assertThat(vm.committedBytes()).isEqualTo(Long.parseLong(recorded(file, "<storage><committed>([^<]+)</committed>")));
    assertThat(vm.uncommittedBytes()).isEqualTo(Long.parseLong(recorded(file, "<storage>.*?<uncommitted>([^<]+)</uncommitted>")));
    assertThat(vm.ftState()).isEqualTo(recorded(file, "<faultToleranceState>([^<]+)</faultToleranceState>"));
    assertThat(vm.guestFullName()).isEqualTo(recorded(file, "<config>.*?<guestFullName>([^<]+)</guestFullName>"));
    // no snapshot tree in the summary, and no consolidation needed: no snapshot record at all
    assertThat(recorded(file, "<consolidationNeeded>([^<]+)</consolidationNeeded>")).isEqualTo("false");
    assertThat(vm.snapshotState()).isNull();
  }

  @Test
  void aHostOfVcenter67() {
    String file = "pyvmomi-RetrievePropertiesEx-2.xml";
    int cores = Integer.parseInt(recorded(file, "<hardware>.*?<numCpuCores>([^<]+)</numCpuCores>"));
    int mhz = Integer.parseInt(recorded(file, "<hardware>.*?<cpuMhz>([^<]+)</cpuMhz>"));
    long memory = Long.parseLong(recorded(file, "<hardware>.*?<memorySize>([^<]+)</memorySize>"));
    long cpuUsed = Long.parseLong(recorded(file, "<quickStats><overallCpuUsage>([^<]+)</overallCpuUsage>"));
    long memUsedMB = Long.parseLong(recorded(file, "<quickStats>.*?<overallMemoryUsage>([^<]+)</overallMemoryUsage>"));

    Inventory.Host host = datacenter().hosts().get(0);

    assertThat(host.id()).isEqualTo("vc:host-14");
    assertThat(host.connectionState()).isEqualTo(ConnectionState.CONNECTED);
    assertThat(host.connectionState().vsphereName()).isEqualTo(recorded(file, "<runtime><connectionState>([^<]+)</connectionState>"));
    assertThat(host.powerState().vsphereName()).isEqualTo(recorded(file, "<runtime><connectionState>[^<]+</connectionState><powerState>([^<]+)</powerState>"));
    assertThat(host.inMaintenanceMode()).isEqualTo(Boolean.parseBoolean(recorded(file, "<runtime>.*?<inMaintenanceMode>([^<]+)</inMaintenanceMode>")));
    assertThat(host.cores()).isEqualTo(cores);
    assertThat(host.threads()).isEqualTo(Integer.parseInt(recorded(file, "<hardware>.*?<numCpuThreads>([^<]+)</numCpuThreads>")));
    assertThat(host.cpuMhz()).isEqualTo(mhz);
    assertThat(host.memoryBytes()).isEqualTo(memory);
    // quickStats as shares of the hardware, to one decimal
    assertThat(host.cpuUsagePercent()).isEqualTo(Math.round(1000.0 * cpuUsed / ((double) cores * mhz)) / 10.0);
    assertThat(host.memUsagePercent()).isEqualTo(Math.round(1000.0 * memUsedMB * 1024 * 1024 / memory) / 10.0);
    // the recorded VM runs on it
    assertThat(host.vms()).isEqualTo(1);
    assertThat(host.vcpus()).isEqualTo(datacenter().vms().get(0).numCpu());
  }
}
