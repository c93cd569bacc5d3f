package dev.vscope.collect;

import dev.vscope.store.HistoryStore;
import dev.vscope.store.Sample;
import dev.vscope.store.StoreException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One cycle's writes to the store, from the threads of the performance queries. One entity that
 * cannot be written (disk full) must not keep the others from being tried: failures are counted
 * and the first one kept for the status.
 */
final class StoreWrites {

  private final HistoryStore store;
  private final LastStored lastStored;
  private final Set<String> unwritten = ConcurrentHashMap.newKeySet();
  private final Set<String> written = ConcurrentHashMap.newKeySet();
  private final AtomicReference<StoreException> first = new AtomicReference<>();

  StoreWrites(HistoryStore store, LastStored lastStored) {
    this.store = store;
    this.lastStored = lastStored;
  }

  /**
   * Writes a batch of entities at once (the store puts adjacent series to disk together).
   * Collected samples move the entity's last stored time on; derived ones (datastores from their
   * hosts, clusters) do not, as no query starts from them.
   */
  void write(Map<String, Map<String, List<Sample>>> batch, boolean collected) {
    written.addAll(batch.keySet());
    Map<String, StoreException> failed;
    try {
      failed = store.writeAll(batch);
    } catch (StoreException e) {
      failed = new HashMap<>();
      for (String id : batch.keySet()) {
        failed.put(id, e);
      }
    }
    for (Map.Entry<String, Map<String, List<Sample>>> e : batch.entrySet()) {
      StoreException f = failed.get(e.getKey());
      if (f != null) {
        first.compareAndSet(null, f);
        unwritten.add(e.getKey());
      } else if (collected) {
        lastStored.advance(e.getKey(), newest(e.getValue()));
      }
    }
  }

  /** The status's error, null when everything was written. */
  String error() {
    StoreException e = first.get();
    // the values are still shown; the samples not stored come back with the next backfill
    return e == null ? null
        : "history store: " + unwritten.size() + " of " + written.size() + " entities not written: " + e.getMessage();
  }

  /** Epoch second of an entity's newest sample in a batch. */
  private static long newest(Map<String, List<Sample>> metrics) {
    long max = Long.MIN_VALUE;
    for (List<Sample> samples : metrics.values()) {
      for (Sample s : samples) {
        max = Math.max(max, s.epochSecond());
      }
    }
    return max;
  }
}
