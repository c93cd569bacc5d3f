package dev.vscope.collect;

import dev.vscope.vim.ManagedObjectReference;
import dev.vscope.vim.XmlNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A VM's snapshots (issue 13) from its {@code snapshot} tree and its {@code layoutEx}.
 *
 * <p>How {@code layoutEx} relates the files to the snapshots: {@code file[]} lists every file of
 * the VM with its key and size; {@code disk[].chain[]} is the chain of disk units (each a
 * descriptor and its extent, by file key) that each virtual disk runs through now, from the base
 * disk to the delta written to; {@code snapshot[]} gives, per snapshot, its state file ({@code
 * dataKey}, the .vmsn), its memory file ({@code memoryKey}, the .vmem, -1 when none) and the disk
 * chains it froze. Taking a snapshot freezes the chain written to and starts a new delta (a
 * {@code -delta.vmdk} or {@code -sesparse.vmdk} extent) on top of it. So, as govc counts them, a
 * snapshot owns its data and memory files, the units of its frozen chains that its parent's did
 * not hold (none for a snapshot without parent: its chains are the base disks), and, for the
 * current snapshot, the units the VM runs through that no snapshot froze: the deltas written to now.
 * Each file is counted once; base disks and the .vmsd list never.
 */
final class SnapshotBuilder {

  /** The types of files a snapshot can own: its state and memory files, and the disk units of chains. */
  private static final Set<String> SNAPSHOT_FILE_TYPES =
      Set.of("snapshotData", "snapshotMemory", "diskDescriptor", "diskExtent", "digestDescriptor", "digestExtent");
  private static final Set<String> FILE_FIELDS = Set.of("key", "name", "size");

  private SnapshotBuilder() {}

  /** Of a VM's {@code layoutEx.file}, what {@link #of} reads: the files a snapshot can own, their key, name and size. */
  static XmlNode keptFiles(XmlNode files) {
    List<XmlNode> kept = new ArrayList<>();
    for (XmlNode f : files.children()) {
      if (SNAPSHOT_FILE_TYPES.contains(f.childText("type"))) {
        kept.add(new XmlNode(f.name(), f.xsiType(), f.attributes(), "", f.children().stream().filter(c -> FILE_FIELDS.contains(c.name())).toList()));
      }
    }
    return new XmlNode(files.name(), files.xsiType(), files.attributes(), files.text(), kept);
  }

  /**
   * The snapshots of a VM, or null when it has none and needs no consolidation.
   *
   * @param layout its {@code layoutEx} properties; empty when they are not read (yet)
   * @param datastoreIds datastore name → id, to place the files ({@code [name] dir/file})
   */
  static Inventory.VmSnapshots of(String vcenter, Props vm, Map<String, XmlNode> layout, Map<String, String> datastoreIds) {
    boolean consolidate = vm.bool(InventorySpec.CONSOLIDATION);
    XmlNode info = vm.node(InventorySpec.SNAPSHOT);
    List<Node> tree = new ArrayList<>();
    if (info != null) {
      for (XmlNode root : info.children("rootSnapshotList")) {
        flatten(root, null, 1, tree);
      }
    }
    if (tree.isEmpty() && !consolidate) {
      return null;
    }
    ManagedObjectReference current = info == null ? null : Props.ref(info, "currentSnapshot");
    Files files = Files.of(layout);

    List<Inventory.Snapshot> snapshots = new ArrayList<>();
    Set<Integer> counted = new HashSet<>();
    Map<String, Long> byDatastore = new TreeMap<>();
    long total = 0;
    int depth = 0;
    for (Node n : tree) {
      boolean isCurrent = n.ref != null && n.ref.equals(current);
      Set<Integer> own = files.ownedBy(n, isCurrent);
      long size = 0;
      for (int key : own) {
        long bytes = files.size(key);
        size += bytes;
        if (counted.add(key)) {
          total += bytes;
          String ds = datastoreIds.get(files.datastoreName(key));
          if (ds != null) {
            byDatastore.merge(ds, bytes, Long::sum);
          }
        }
      }
      if (isCurrent) {
        depth = n.depth;
      }
      snapshots.add(new Inventory.Snapshot(n.ref == null ? null : InventoryBuilder.id(vcenter, n.ref), n.tree.childText("name"),
          n.tree.childText("description"), Props.time(n.tree, "createTime"), size, n.depth, isCurrent));
    }
    snapshots.sort(Comparator.comparing(Inventory.Snapshot::created, Comparator.nullsLast(Comparator.naturalOrder())));
    return new Inventory.VmSnapshots(snapshots, total, depth, consolidate, byDatastore);
  }

  /** One snapshot of the tree, with its parent's reference. */
  private record Node(XmlNode tree, ManagedObjectReference ref, ManagedObjectReference parent, int depth) {}

  private static void flatten(XmlNode tree, ManagedObjectReference parent, int depth, List<Node> out) {
    ManagedObjectReference ref = Props.ref(tree, "snapshot");
    out.add(new Node(tree, ref, parent, depth));
    for (XmlNode child : tree.children("childSnapshotList")) {
      flatten(child, ref, depth + 1, out);
    }
  }

  /** {@code layoutEx} read: the files by key, each snapshot's files, the chains run through now. */
  private record Files(Map<Integer, XmlNode> byKey, Map<ManagedObjectReference, XmlNode> bySnapshot, Set<Integer> running,
      Set<Integer> frozen) {

    static Files of(Map<String, XmlNode> layout) {
      Map<Integer, XmlNode> byKey = new HashMap<>();
      for (XmlNode f : array(layout, "layoutEx.file")) {
        byKey.put((int) Props.number(f, "key", -1), f);
      }
      Map<ManagedObjectReference, XmlNode> bySnapshot = new HashMap<>();
      Set<Integer> frozen = new HashSet<>();
      for (XmlNode s : array(layout, "layoutEx.snapshot")) {
        ManagedObjectReference key = Props.ref(s, "key");
        if (key != null) {
          bySnapshot.put(key, s);
          frozen.addAll(chainKeys(s.children("disk")));
        }
      }
      XmlNode disks = layout.get("layoutEx.disk");
      Set<Integer> running = disks == null ? Set.of() : chainKeys(disks.children());
      return new Files(byKey, bySnapshot, running, frozen);
    }

    /** The files a snapshot owns, as the class comment says. */
    Set<Integer> ownedBy(Node n, boolean current) {
      Set<Integer> own = new LinkedHashSet<>();
      XmlNode layout = n.ref == null ? null : bySnapshot.get(n.ref);
      if (layout != null) {
        for (String file : List.of("dataKey", "memoryKey")) {
          long key = Props.number(layout, file, -1);
          if (key >= 0) {
            own.add((int) key);
          }
        }
        XmlNode parent = n.parent == null ? null : bySnapshot.get(n.parent);
        if (parent != null) {
          Set<Integer> delta = chainKeys(layout.children("disk"));
          delta.removeAll(chainKeys(parent.children("disk")));
          own.addAll(delta);
        }
      }
      if (current) {
        Set<Integer> writing = new LinkedHashSet<>(running);
        writing.removeAll(frozen);
        own.addAll(writing);
      }
      own.retainAll(byKey.keySet());
      return own;
    }

    long size(int key) {
      return Math.max(0, Props.number(byKey.get(key), "size", 0));
    }

    /** The datastore of a file, from its name {@code [datastore1] vm/vm.vmsn}; null when it names none. */
    String datastoreName(int key) {
      String name = byKey.get(key).childText("name");
      if (name == null || !name.startsWith("[") || name.indexOf(']') < 0) {
        return null;
      }
      return name.substring(1, name.indexOf(']'));
    }

    /** The file keys of disk layouts' chains ({@code VirtualMachineFileLayoutExDiskLayout}). */
    private static Set<Integer> chainKeys(List<XmlNode> disks) {
      Set<Integer> keys = new LinkedHashSet<>();
      for (XmlNode disk : disks) {
        for (XmlNode unit : disk.children("chain")) {
          for (XmlNode key : unit.children("fileKey")) {
            try {
              keys.add(Integer.parseInt(key.text().trim()));
            } catch (NumberFormatException ignored) {
              // a key that is not a number names no file
            }
          }
        }
      }
      return keys;
    }

    private static List<XmlNode> array(Map<String, XmlNode> layout, String path) {
      XmlNode n = layout.get(path);
      return n == null ? List.of() : n.children();
    }
  }
}
