package dev.vscope.store.prom;

import dev.vscope.store.SampleRules;

import dev.vscope.store.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last time written for each series, and what of a new write is worth sending given it.
 *
 * <p>It plays the part of the embedded store's files for the {@link
 * dev.vscope.store.HistoryStore} contract: samples at or before the last written time of their
 * series are ignored, since the collector re-sends overlapping windows and the engine would refuse
 * them as out of order. Samples are stamped at the 20-s boundary at or before their time, like the
 * embedded store: vCenter's realtime samples are already on boundaries, and on-boundary stamps
 * make the reads' step windows exact (see {@link PromQl#avgAndMax}).
 *
 * <p>Lookups may run in any thread; changes are serialized by the store's write lock.
 */
final class WrittenSeries {

  /** Resolution samples are stamped at: vCenter's realtime interval. */
  static final long STEP_SECONDS = SampleRules.STEP_SECONDS;

  /** What to send of one metric's samples. */
  record Filtered(List<WriteRecord.RemoteSample> samples, long last, int future) {}

  private final Map<SeriesKey, Long> last = new ConcurrentHashMap<>();

  /** The 20-s boundary at or before a sample time, the step the embedded store keeps it in. */
  static long stamp(long epochSecond) {
    return SampleRules.slot(epochSecond);
  }

  /**
   * The samples to send for one series: stamped, after its last written time and after each
   * other, no later than {@code futureLimit}, with a known value. Changes nothing: {@link
   * #advance} records the new last time once the samples are safely buffered.
   *
   * @return the samples to send, the series' last time counting unknown values too (as the
   *     embedded store does), and how many samples were beyond {@code futureLimit}
   */
  Filtered filter(SeriesKey key, List<Sample> samples, long futureLimit) {
    long lastStamp = last.getOrDefault(key, Long.MIN_VALUE);
    List<WriteRecord.RemoteSample> kept = new ArrayList<>();
    int future = 0;
    for (Sample s : samples) {
      if (s == null) {
        continue;
      }
      if (s.epochSecond() > futureLimit) {
        future++;
        continue;
      }
      long stamp = stamp(s.epochSecond());
      if (stamp <= lastStamp) {
        continue;
      }
      lastStamp = stamp;
      if (Double.isFinite(s.value())) {
        kept.add(new WriteRecord.RemoteSample(stamp * 1000, s.value()));
      }
    }
    return new Filtered(kept, lastStamp, future);
  }

  /** Records that the series holds everything up to {@code epochSecond} (never goes back). */
  void advance(SeriesKey key, long epochSecond) {
    if (epochSecond != Long.MIN_VALUE) {
      last.merge(key, epochSecond, Math::max);
    }
  }

  OptionalLong last(SeriesKey key) {
    Long t = last.get(key);
    return t == null ? OptionalLong.empty() : OptionalLong.of(t);
  }

  boolean contains(SeriesKey key) {
    return last.containsKey(key);
  }

  /** The metrics of an entity written (or learnt) here. */
  SortedSet<String> metricsOf(String entity) {
    SortedSet<String> metrics = new TreeSet<>();
    for (SeriesKey key : last.keySet()) {
      if (key.entity().equals(entity)) {
        metrics.add(key.metric());
      }
    }
    return metrics;
  }

  /** Forgets the series last written before {@code epochSecond}, so memory does not only grow. */
  void forgetBefore(long epochSecond) {
    last.values().removeIf(t -> t < epochSecond);
  }
}
