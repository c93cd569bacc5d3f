package dev.vscope.collect;

import dev.vscope.store.Sample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest value of each metric a cycle read, gathered batch by batch so that a cycle never holds
 * all its samples (the first cycle's backfill is ten million of them at 5,500 VMs). What the
 * snapshot shows is {@link #over(Map)} the previous values.
 *
 * <p>Thread-safe: the query threads add to it.
 */
final class LatestValues {

  /** The newest known value and its time; NaN and {@link Long#MIN_VALUE} while none is known. */
  private record Newest(long epochSecond, double value) {
    static final Newest NONE = new Newest(Long.MIN_VALUE, Double.NaN);

    Newest newer(Newest other) {
      if (Double.isNaN(other.value)) {
        return this;
      }
      return Double.isNaN(value) || other.epochSecond >= epochSecond ? other : this;
    }
  }

  private final Map<String, Map<String, Newest>> byEntity = new ConcurrentHashMap<>();

  /** Takes the newest known value of each metric in these samples. */
  void add(Map<String, Map<String, List<Sample>>> samplesByEntity) {
    samplesByEntity.forEach((id, metrics) -> {
      Map<String, Newest> values = byEntity.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
      metrics.forEach((metric, samples) -> values.merge(metric, newest(samples), Newest::newer));
    });
  }

  private static Newest newest(List<Sample> samples) {
    for (int i = samples.size() - 1; i >= 0; i--) {
      Sample s = samples.get(i);
      if (!Double.isNaN(s.value())) {
        return new Newest(s.epochSecond(), s.value());
      }
    }
    return Newest.NONE;
  }

  /**
   * The values to show: for each entity read, each metric read, its newest value; a metric that had
   * no known sample this time keeps its previous value rather than blinking out. Entities and
   * metrics not read are left out.
   */
  Map<String, Map<String, Double>> over(Map<String, Map<String, Double>> previous) {
    Map<String, Map<String, Double>> out = new HashMap<>();
    byEntity.forEach((id, metrics) -> {
      Map<String, Double> before = previous.getOrDefault(id, Map.of());
      Map<String, Double> values = new HashMap<>();
      metrics.forEach((metric, newest) -> {
        if (!Double.isNaN(newest.value())) {
          // two decimals are more than any reader compares; the history keeps full precision
          values.put(metric, Math.round(newest.value() * 100) / 100.0);
        } else if (before.containsKey(metric)) {
          values.put(metric, before.get(metric));
        }
      });
      out.put(id, values);
    });
    return out;
  }
}
