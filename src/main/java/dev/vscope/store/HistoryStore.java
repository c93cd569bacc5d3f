package dev.vscope.store;

import java.io.Closeable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The history of collected performance values, read by the web layer and written by the collector.
 *
 * <p>Metric names are dotted keys (for example {@code cpu.usage}), optionally
 * followed by an instance in brackets for per-device values ({@code net.rx[vmnic0]}).
 * Implementations are thread-safe: the collector writes while the web layer reads.
 */
public interface HistoryStore extends Closeable {

  /**
   * Stores samples of one entity. Each metric's samples are in ascending time order; samples at or
   * before the last stored time of that metric are ignored, so a collector may send overlapping
   * windows (the realtime backfill does). {@code NaN} values are stored as unknown.
   *
   * @throws IllegalArgumentException when the entity id or a metric name is unusable (empty)
   * @throws StoreException when the history cannot be written (disk full, I/O error)
   */
  void write(String entityId, Map<String, List<Sample>> samplesByMetric);

  /**
   * Stores samples of several entities, each as {@link #write} does: an entity that cannot be
   * written does not keep the others from being written. A store that can write them together
   * (the collector hands over each answered batch at once) overrides this.
   *
   * @return the entities that could not be written, each with why; empty when all were
   * @throws IllegalArgumentException when an entity id or a metric name is unusable (empty)
   */
  default Map<String, StoreException> writeAll(Map<String, Map<String, List<Sample>>> samplesByEntity) {
    Map<String, StoreException> failed = new java.util.HashMap<>();
    samplesByEntity.forEach((entity, samples) -> {
      try {
        write(entity, samples);
      } catch (StoreException e) {
        failed.put(entity, e);
      }
    });
    return failed;
  }

  /**
   * Reads one metric of one entity over a range ending at {@code end}: {@code range.points()}
   * points, {@code range.stepSeconds()} apart, the last at the last step boundary at or before
   * {@code end}. Unknown values (gaps, or time before the entity was first seen) are {@code NaN}
   * in the returned points, never zero.
   *
   * @throws UnknownSeriesException when nothing was ever stored for this entity and metric
   * @throws StoreException when the history cannot be read (I/O error)
   */
  Series read(String entityId, String metric, TimeRange range, Instant end);

  /** The metrics that have history for this entity, sorted by name; empty when none. */
  List<String> metrics(String entityId);

  /** Epoch second of the last stored sample of a metric, empty when nothing was stored. */
  OptionalLong lastTimestamp(String entityId, String metric);

  /**
   * The entities of {@code entityIds} with the highest average of a metric over a range ending at
   * {@code end}, highest first, at most {@code limit}: each value is the mean of the known point
   * averages that {@link #read} returns for that entity, metric, range and end. Entities with no
   * known point are left out; ties are in entity id order.
   *
   * <p>This default reads each entity's series; a store that can do better overrides it.
   *
   * @throws IllegalArgumentException when {@code limit} is below 1
   * @throws StoreException when the history cannot be read
   */
  default List<Ranked> top(String metric, Collection<String> entityIds, TimeRange range, Instant end, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    List<Ranked> all = new ArrayList<>();
    for (String id : entityIds) {
      Series series;
      try {
        series = read(id, metric, range, end);
      } catch (UnknownSeriesException e) {
        continue;
      }
      double sum = 0;
      int known = 0;
      for (Series.Point p : series.points()) {
        if (!Double.isNaN(p.avg())) {
          sum += p.avg();
          known++;
        }
      }
      if (known > 0) {
        all.add(new Ranked(id, sum / known));
      }
    }
    all.sort(Comparator.comparingDouble(Ranked::value).reversed().thenComparing(Ranked::entityId));
    return List.copyOf(all.subList(0, Math.min(limit, all.size())));
  }

  /** Removes the history of every entity whose last write is older than {@code cutoff}. */
  int pruneNotUpdatedSince(Instant cutoff);

  /**
   * Where the history is kept, as the start-up log names it after "history in": a directory, or
   * an engine's address. Never holds a secret.
   */
  String location();

  /**
   * The store's own state for {@code /metrics}: its backlog (what it has accepted and not yet
   * finished with) and its failures. Empty for a store with nothing to tell.
   */
  default List<StoreMetric> stateMetrics() {
    return List.of();
  }
}
