package dev.vscope.collect;

import dev.vscope.vim.XmlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What vscope keeps of a VM's {@code config.hardware.device}: its virtual NICs' MAC addresses and
 * the ISO files in its CD-ROMs, for the health checks (issue 13). vCenter cannot answer a narrower
 * path (a property path cannot index into an array), and the whole list is large: in a recorded
 * vCenter answer, 4 KB of XML for a VM of ten devices (controllers, a disk with its backing, video
 * card, a NIC, …) and 11 KB of heap once parsed, more with each disk and NIC: 440 MB at 40,000
 * such VMs if the inventory tracker kept it as it keeps other values. So each value is reduced as
 * soon as it is read to a small element holding only those strings, {@code
 * <val><mac>00:50:56:…</mac><iso>[ds] a.iso</iso></val>}, which is what the tracker keeps between
 * cycles: about 150 bytes for the same VM (measured).
 *
 * <p>A NIC is any device with a {@code macAddress} (every VirtualEthernetCard subtype: E1000,
 * Vmxnet3, SR-IOV, …); an ISO is a {@code VirtualCdrom} whose backing is a {@code
 * VirtualCdromIsoBackingInfo} with a file name ({@code "[datastore] path/file.iso"}).
 */
final class VmDevices {

  static final String PATH = "config.hardware.device";
  private static final String MAC = "mac";
  private static final String ISO = "iso";

  private VmDevices() {}

  /** An ArrayOfVirtualDevice reduced to its MAC addresses (lower case) and ISO file names. */
  static XmlNode compact(XmlNode devices) {
    List<XmlNode> kept = new ArrayList<>();
    for (XmlNode d : devices.children()) {
      String mac = d.childText("macAddress");
      if (mac != null && !mac.isBlank()) {
        kept.add(leaf(MAC, mac.trim().toLowerCase(Locale.ROOT)));
      }
      XmlNode backing = d.child("backing");
      if ("VirtualCdrom".equals(d.xsiType()) && backing != null && "VirtualCdromIsoBackingInfo".equals(backing.xsiType())) {
        String file = backing.childText("fileName");
        if (file != null && !file.isBlank()) {
          kept.add(leaf(ISO, file.trim()));
        }
      }
    }
    return new XmlNode("val", null, Map.of(), "", kept);
  }

  /** The MAC addresses of a reduced device list (null: none read). */
  static List<String> macs(XmlNode compact) {
    return texts(compact, MAC);
  }

  /** The ISO files of a reduced device list (null: none read). */
  static List<String> isos(XmlNode compact) {
    return texts(compact, ISO);
  }

  private static List<String> texts(XmlNode compact, String name) {
    if (compact == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (XmlNode n : compact.children(name)) {
      out.add(n.text());
    }
    return List.copyOf(out);
  }

  private static XmlNode leaf(String name, String text) {
    return new XmlNode(name, null, Map.of(), text, List.of());
  }
}
