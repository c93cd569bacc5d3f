package dev.vscope.store;

import dev.vscope.store.WriteAheadLog.MetricSamples;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entity's samples that {@link RrdHistoryStore} accepted (and journaled in its {@link
 * WriteAheadLog}) but has not yet written into the entity's RRD files. Not thread-safe: the store
 * guards each instance with the entity's lock.
 */
final class PendingEntity {

  /** The entity id as the collector gave it. */
  final String entityId;

  /** Metrics known to have a file, so that the store asks the file system once per metric. */
  final Set<String> filed = new HashSet<>();

  /** The write-ahead log segment of the oldest pending record, -1 when nothing is pending. */
  long walSegment = -1;

  /** Why the last attempt to write the pending samples into the files failed; null if it did not. */
  StoreException flushFailure;

  /** Epoch second before which the flusher does not try again after a failure. */
  long retryAfter = Long.MIN_VALUE;

  /** Epoch second of the last write that brought samples (the store's clock). */
  long lastWritten;

  private final Map<String, Samples> byMetric = new HashMap<>();

  PendingEntity(String entityId) {
    this.entityId = entityId;
  }

  /** A metric's pending samples, slots strictly ascending. */
  static final class Samples {
    private long[] slots = new long[4];
    private double[] values = new double[4];
    private int size;

    int size() {
      return size;
    }

    long newest() {
      return slots[size - 1];
    }

    long oldest() {
      return slots[0];
    }

    /** These samples followed by {@code more} (whose slots all come later), as one run. */
    MetricSamples with(String metric, MetricSamples more) {
      int extra = more == null ? 0 : more.slots().length;
      long[] s = Arrays.copyOf(slots, size + extra);
      double[] v = Arrays.copyOf(values, size + extra);
      if (extra > 0) {
        System.arraycopy(more.slots(), 0, s, size, extra);
        System.arraycopy(more.values(), 0, v, size, extra);
      }
      return new MetricSamples(metric, s, v);
    }

    private void add(long[] newSlots, double[] newValues) {
      if (size + newSlots.length > slots.length) {
        int capacity = Math.max(slots.length * 2, size + newSlots.length);
        slots = Arrays.copyOf(slots, capacity);
        values = Arrays.copyOf(values, capacity);
      }
      System.arraycopy(newSlots, 0, slots, size, newSlots.length);
      System.arraycopy(newValues, 0, values, size, newValues.length);
      size += newSlots.length;
    }
  }

  boolean isEmpty() {
    return byMetric.isEmpty();
  }

  /** The pending samples of a metric, null when none. */
  Samples samples(String metric) {
    return byMetric.get(metric);
  }

  Set<String> metrics() {
    return byMetric.keySet();
  }

  /** Oldest pending slot over all metrics; {@link Long#MAX_VALUE} when nothing is pending. */
  long oldest() {
    long oldest = Long.MAX_VALUE;
    for (Samples s : byMetric.values()) {
      oldest = Math.min(oldest, s.oldest());
    }
    return oldest;
  }

  /** The part of {@code incoming} that is newer than what is pending for its metric. */
  MetricSamples newerThanPending(MetricSamples incoming) {
    Samples s = byMetric.get(incoming.metric());
    if (s == null) {
      return incoming;
    }
    long newest = s.newest();
    int from = 0;
    while (from < incoming.slots().length && incoming.slots()[from] <= newest) {
      from++;
    }
    return from == 0
        ? incoming
        : new MetricSamples(
            incoming.metric(),
            Arrays.copyOfRange(incoming.slots(), from, incoming.slots().length),
            Arrays.copyOfRange(incoming.values(), from, incoming.values().length));
  }

  /** Adds samples newer than the pending ones (see {@link #newerThanPending}). */
  void add(List<MetricSamples> samples) {
    for (MetricSamples m : samples) {
      if (m.slots().length > 0) {
        byMetric.computeIfAbsent(m.metric(), k -> new Samples()).add(m.slots(), m.values());
      }
    }
  }

  /** The metric's samples are in its file now. */
  void filed(String metric) {
    byMetric.remove(metric);
    filed.add(metric);
  }
}
