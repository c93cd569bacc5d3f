package dev.vscope.collect;

import java.util.List;

/** Where the web layer gets the current state of every configured vCenter. */
@FunctionalInterface
public interface SnapshotSource {

  List<VcenterSnapshot> snapshots();
}
