package dev.vscope.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.vim.ManagedObjectReference;
import dev.vscope.vim.ObjectUpdate;
import dev.vscope.vim.Replays;
import dev.vscope.vim.XmlNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the health checks read, from a real vCenter's first WaitForUpdatesEx (5.5, 64 VMs and their
 * hosts; src/test/resources/vcenter/README.md): each VM's MAC addresses from its {@code
 * config.hardware.device} (and not the guest's {@code guest.net}, which names them too), its BIOS
 * UUID, and the hosts' ESXi builds. The updates are kept as the tracker keeps them, the device
 * list reduced ({@link VmDevices}); the expected values are cut from the recording's text with
 * regular expressions, not with the parser under test.
 */
class RecordedHealthInputsTest {

  private static final String FILE = "manageiq-WaitForUpdatesEx-1.xml";
  private static final Pattern OBJECT = Pattern.compile("<objectSet>.*?<obj type=\"(\\w+)\">([^<]+)</obj>(.*?)</objectSet>", Pattern.DOTALL);

  /** The objects as the tracker holds them: each change applied, the device lists reduced. */
  private static Map<ManagedObjectReference, Map<String, XmlNode>> kept() {
    Map<ManagedObjectReference, Map<String, XmlNode>> objects = new HashMap<>();
    for (ObjectUpdate u : Replays.waitForUpdates(FILE)) {
      InventoryTracker.applyChanges(objects.computeIfAbsent(u.obj(), o -> new HashMap<>()), u);
    }
    return objects;
  }

  /** Object id → the text of its changes in the recording, for one type. */
  private static Map<String, String> recorded(String type) {
    Map<String, String> out = new HashMap<>();
    Matcher m = OBJECT.matcher(Replays.recording(FILE));
    while (m.find()) {
      if (m.group(1).equals(type)) {
        out.put(m.group(2), m.group(3));
      }
    }
    return out;
  }

  private static String changeOf(String changes, String property) {
    Matcher m = Pattern.compile("<changeSet><name>" + Pattern.quote(property) + "</name><op>assign</op>(.*?)</changeSet>", Pattern.DOTALL)
        .matcher(changes);
    return m.find() ? m.group(1) : null;
  }

  private static List<String> all(String text, String regex) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(text == null ? "" : text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void vmsMacsAndUuidsAndHostsBuildsAsTheRecordingHasThem() {
    Inventory.Datacenter dc = InventoryBuilder.datacenter("vc", new ManagedObjectReference("Datacenter", "datacenter-2"), "dc", kept(), Map.of(), o -> Map.of());
    Map<String, String> vms = recorded("VirtualMachine");
    Map<String, String> hosts = recorded("HostSystem");
    assertThat(dc.vms()).hasSize(64);

    int macs = 0;
    for (Inventory.Vm vm : dc.vms()) {
      String changes = vms.get(vm.id().substring("vc:".length()));
      List<String> expected = all(changeOf(changes, "config.hardware.device"), "<macAddress>([^<]+)</macAddress>");
      assertThat(vm.identity().macAddresses()).as(vm.name()).isEqualTo(expected);
      macs += expected.size();
      assertThat(vm.identity().biosUuid()).as(vm.name())
          .isEqualTo(all(changeOf(changes, "summary.config.uuid"), "<val[^>]*>([^<]+)</val>").get(0));
      assertThat(vm.isoFiles()).as("no CD-ROM of the recording holds an ISO").isEmpty();
    }
    // guest.net lists each NIC's MAC as well: the recording has two per VM, the devices one
    assertThat(macs).isEqualTo(64).isEqualTo(all(Replays.recording(FILE), "<macAddress>([^<]+)</macAddress>").size() / 2);

    assertThat(dc.hosts()).isNotEmpty();
    for (Inventory.Host h : dc.hosts()) {
      String changes = hosts.get(h.id().substring("vc:".length()));
      assertThat(h.build()).as(h.name()).isEqualTo(all(changeOf(changes, "summary.config.product.build"), "<val[^>]*>([^<]+)</val>").get(0));
    }
  }

  @Test
  void theDeviceListIsKeptAsItsMacsAndIsosOnly() {
    Map<String, String> vms = recorded("VirtualMachine");
    for (Map.Entry<ManagedObjectReference, Map<String, XmlNode>> e : kept().entrySet()) {
      XmlNode devices = e.getValue().get(VmDevices.PATH);
      if (devices == null) {
        continue;
      }
      String changes = vms.get(e.getKey().value());
      assertThat(changeOf(changes, VmDevices.PATH).length()).as("the recorded list").isGreaterThan(3_000);
      assertThat(devices.children()).extracting(XmlNode::name).isNotEmpty().isSubsetOf("mac", "iso");
      assertThat(devices.children()).allMatch(c -> c.children().isEmpty() && c.attributes().isEmpty());
    }
  }

  /** A CD-ROM with an ISO, as vim25 writes one (vim-types.xsd: VirtualCdrom, VirtualCdromIsoBackingInfo). */
  @Test
  void anIsoInACdromIsKeptOtherBackingsAreNot() {
    XmlNode iso = device("VirtualCdrom", backing("VirtualCdromIsoBackingInfo", "[nfs-iso] linux/ubuntu-22.04.iso"));
    XmlNode passthrough = device("VirtualCdrom", backing("VirtualCdromRemotePassthroughBackingInfo", null));
    XmlNode emptyIso = device("VirtualCdrom", backing("VirtualCdromIsoBackingInfo", ""));
    XmlNode disk = device("VirtualDisk", backing("VirtualDiskFlatVer2BackingInfo", "[ds1] vm/vm.vmdk"));
    XmlNode nic = new XmlNode("VirtualDevice", "VirtualVmxnet3", Map.of(), "",
        List.of(new XmlNode("key", null, Map.of(), "4000", List.of()), new XmlNode("macAddress", null, Map.of(), "00:50:56:AB:CD:EF", List.of())));
    XmlNode compact = VmDevices.compact(new XmlNode("val", "ArrayOfVirtualDevice", Map.of(), "", List.of(iso, passthrough, emptyIso, disk, nic)));

    assertThat(VmDevices.isos(compact)).containsExactly("[nfs-iso] linux/ubuntu-22.04.iso");
    assertThat(VmDevices.macs(compact)).as("in lower case").containsExactly("00:50:56:ab:cd:ef");
  }

  private static XmlNode device(String type, XmlNode backing) {
    return new XmlNode("VirtualDevice", type, Map.of(), "", List.of(new XmlNode("key", null, Map.of(), "3000", List.of()), backing));
  }

  private static XmlNode backing(String type, String file) {
    List<XmlNode> children = file == null ? List.of() : List.of(new XmlNode("fileName", null, Map.of(), file, List.of()));
    return new XmlNode("backing", type, Map.of(), "", children);
  }
}
