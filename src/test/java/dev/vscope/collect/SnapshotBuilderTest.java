package dev.vscope.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.vim.SafeXml;
import dev.vscope.vim.XmlNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;

/**
 * A VM's snapshots from property values shaped as vCenter answers them (vSphere API reference,
 * VirtualMachineSnapshotInfo and VirtualMachineFileLayoutEx): a linked clone (its disk chain starts
 * with its parent's base disk and its own delta) with two snapshots, the first with its memory file
 * in another datastore, and the delta disks -sesparse and -delta. Expected sizes are the files'
 * sizes added up by hand.
 */
class SnapshotBuilderTest {

  static final long GIB = 1L << 30;
  static final long MIB = 1L << 20;
  static final Map<String, String> DATASTORES = Map.of("ds1", "vc:datastore-1", "ds2 (remote)", "vc:datastore-2");

  static XmlNode xml(String val) {
    String doc = "<val xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" " + val.substring("<val ".length());
    try {
      XMLStreamReader r = SafeXml.reader(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)));
      SafeXml.nextElement(r);
      return SafeXml.readNode(r);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String file(int key, String name, String type, long size) {
    return "<VirtualMachineFileLayoutExFileInfo><key>" + key + "</key><name>" + name + "</name><type>" + type + "</type><size>" + size
        + "</size><uniqueSize>" + size + "</uniqueSize><accessible>true</accessible></VirtualMachineFileLayoutExFileInfo>";
  }

  static String chain(int... keys) {
    StringBuilder b = new StringBuilder("<chain>");
    for (int k : keys) {
      b.append("<fileKey>").append(k).append("</fileKey>");
    }
    return b.append("</chain>").toString();
  }

  static final String TREE = "<val xsi:type=\"VirtualMachineSnapshotInfo\">"
      + "<currentSnapshot type=\"VirtualMachineSnapshot\">snapshot-12</currentSnapshot>"
      + "<rootSnapshotList><snapshot type=\"VirtualMachineSnapshot\">snapshot-11</snapshot><vm type=\"VirtualMachine\">vm-9</vm>"
      + "<name>base &lt;b&gt;</name><description>first</description><id>1</id><createTime>2026-11-01T10:00:00.123456Z</createTime>"
      + "<state>poweredOn</state><quiesced>false</quiesced>"
      + "<childSnapshotList><snapshot type=\"VirtualMachineSnapshot\">snapshot-12</snapshot><vm type=\"VirtualMachine\">vm-9</vm>"
      + "<name>second</name><description></description><id>2</id><createTime>2026-11-02T10:00:00+02:00</createTime>"
      + "<state>poweredOn</state><quiesced>true</quiesced><replaySupported>false</replaySupported></childSnapshotList>"
      + "<replaySupported>false</replaySupported></rootSnapshotList></val>";

  static Map<String, XmlNode> layout() {
    Map<String, XmlNode> out = new HashMap<>();
    out.put("layoutEx.file", xml("<val xsi:type=\"ArrayOfVirtualMachineFileLayoutExFileInfo\">"
        + file(0, "[ds1] web/web.vmx", "config", 3_000)
        + file(1, "[ds1] web/web.vmsd", "snapshotList", 500)
        + file(2, "[ds1] base/base.vmdk", "diskDescriptor", 500)
        + file(3, "[ds1] base/base-flat.vmdk", "diskExtent", 10 * GIB)
        + file(4, "[ds1] web/web.vmdk", "diskDescriptor", 500)
        + file(5, "[ds1] web/web-delta.vmdk", "diskExtent", GIB)
        + file(6, "[ds1] web/web-Snapshot1.vmsn", "snapshotData", 30_000)
        + file(7, "[ds2 (remote)] snaps/web-Snapshot1.vmem", "snapshotMemory", 4 * GIB)
        + file(8, "[ds1] web/web-000001.vmdk", "diskDescriptor", 500)
        + file(9, "[ds1] web/web-000001-sesparse.vmdk", "diskExtent", 2 * GIB)
        + file(10, "[ds1] web/web-Snapshot2.vmsn", "snapshotData", 20_000)
        + file(11, "[ds1] web/web-000002.vmdk", "diskDescriptor", 500)
        + file(12, "[ds1] web/web-000002-delta.vmdk", "diskExtent", 300 * MIB)
        + "</val>"));
    out.put("layoutEx.disk", xml("<val xsi:type=\"ArrayOfVirtualMachineFileLayoutExDiskLayout\"><VirtualMachineFileLayoutExDiskLayout>"
        + "<key>2000</key>" + chain(2, 3) + chain(4, 5) + chain(8, 9) + chain(11, 12) + "</VirtualMachineFileLayoutExDiskLayout></val>"));
    out.put("layoutEx.snapshot", xml("<val xsi:type=\"ArrayOfVirtualMachineFileLayoutExSnapshotLayout\">"
        + "<VirtualMachineFileLayoutExSnapshotLayout><key type=\"VirtualMachineSnapshot\">snapshot-11</key><dataKey>6</dataKey><memoryKey>7</memoryKey>"
        + "<disk><key>2000</key>" + chain(2, 3) + chain(4, 5) + "</disk></VirtualMachineFileLayoutExSnapshotLayout>"
        + "<VirtualMachineFileLayoutExSnapshotLayout><key type=\"VirtualMachineSnapshot\">snapshot-12</key><dataKey>10</dataKey><memoryKey>-1</memoryKey>"
        + "<disk><key>2000</key>" + chain(2, 3) + chain(4, 5) + chain(8, 9) + "</disk></VirtualMachineFileLayoutExSnapshotLayout></val>"));
    return out;
  }

  static Props vm(boolean consolidate, boolean tree) {
    Map<String, XmlNode> p = new HashMap<>();
    p.put("name", xml("<val xsi:type=\"xsd:string\">web</val>"));
    p.put(InventorySpec.CONSOLIDATION, xml("<val xsi:type=\"xsd:boolean\">" + consolidate + "</val>"));
    if (tree) {
      p.put(InventorySpec.SNAPSHOT, xml(TREE));
    }
    return new Props(p);
  }

  @Test
  void eachSnapshotOwnsItsFilesAndTheCurrentOneTheDeltaWrittenTo() {
    Inventory.VmSnapshots s = SnapshotBuilder.of("vc", vm(false, true), layout(), DATASTORES);

    long first = 30_000 + 4 * GIB; // its state and memory; its frozen chain is the clone's own base
    long second = 20_000 + (500 + 2 * GIB) + (500 + 300 * MIB); // the delta it froze, and the one written to now
    assertThat(s.snapshots()).containsExactly(
        new Inventory.Snapshot("vc:snapshot-11", "base <b>", "first", Instant.parse("2026-11-01T10:00:00.123456Z"), first, 1, false),
        new Inventory.Snapshot("vc:snapshot-12", "second", "", Instant.parse("2026-11-02T08:00:00Z"), second, 2, true));
    assertThat(s.bytes()).isEqualTo(first + second);
    assertThat(s.depth()).isEqualTo(2);
    assertThat(s.oldest()).isEqualTo(Instant.parse("2026-11-01T10:00:00.123456Z"));
    assertThat(s.consolidationNeeded()).isFalse();
    assertThat(s.bytesByDatastore()).isEqualTo(Map.of("vc:datastore-1", first + second - 4 * GIB, "vc:datastore-2", 4 * GIB));
  }

  /** The tracker keeps of the file list only what the sizes need: the same snapshots from much less. */
  @Test
  void theFilesKeptGiveTheSameSnapshots() {
    Map<String, XmlNode> kept = new HashMap<>(layout());
    kept.put("layoutEx.file", SnapshotBuilder.keptFiles(kept.get("layoutEx.file")));
    assertThat(kept.get("layoutEx.file").children()).hasSize(11)
        .allSatisfy(f -> assertThat(f.children()).extracting(XmlNode::name).containsExactly("key", "name", "size"));
    assertThat(SnapshotBuilder.of("vc", vm(false, true), kept, DATASTORES)).isEqualTo(SnapshotBuilder.of("vc", vm(false, true), layout(), DATASTORES));
  }

  @Test
  void aVmWithoutSnapshotsHasNoRecordUnlessItNeedsConsolidation() {
    assertThat(SnapshotBuilder.of("vc", vm(false, false), Map.of(), DATASTORES)).isNull();
    Inventory.VmSnapshots leftovers = SnapshotBuilder.of("vc", vm(true, false), Map.of(), DATASTORES);
    assertThat(leftovers.consolidationNeeded()).isTrue();
    assertThat(leftovers.snapshots()).isEmpty();
    assertThat(leftovers.oldest()).isNull();
    assertThat(leftovers.depth()).isZero();
  }

  /** Until the files are read (the next answer of the filter made for them), the tree shows with no sizes. */
  @Test
  void theTreeBeforeItsFiles() {
    Inventory.VmSnapshots s = SnapshotBuilder.of("vc", vm(true, true), Map.of(), DATASTORES);
    assertThat(s.snapshots()).extracting(Inventory.Snapshot::name).containsExactly("base <b>", "second");
    assertThat(s.snapshots()).extracting(Inventory.Snapshot::sizeBytes).containsOnly(0L);
    assertThat(s.bytes()).isZero();
    assertThat(s.bytesByDatastore()).isEmpty();
    assertThat(s.consolidationNeeded()).isTrue();
  }

  /** The files read by name are what the tracker follows for the VMs whose tree it saw, and only those. */
  @Test
  void onlyVmsWithATreeAreReadByName() {
    Map<dev.vscope.vim.ManagedObjectReference, Map<String, XmlNode>> objects = new HashMap<>();
    dev.vscope.vim.ManagedObjectReference web = new dev.vscope.vim.ManagedObjectReference("VirtualMachine", "vm-9");
    dev.vscope.vim.ManagedObjectReference db = new dev.vscope.vim.ManagedObjectReference("VirtualMachine", "vm-10");
    objects.put(web, Map.of(InventorySpec.SNAPSHOT, xml(TREE)));
    objects.put(db, Map.of(InventorySpec.CONSOLIDATION, xml("<val xsi:type=\"xsd:boolean\">true</val>")));
    assertThat(InventoryBuilder.namedObjects(objects, Map.of())).isEqualTo(java.util.Set.of(web));
  }
}
