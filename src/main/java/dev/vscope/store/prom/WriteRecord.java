package dev.vscope.store.prom;

import java.util.List;
import java.util.Objects;

/**
 * What one {@link PrometheusHistoryStore#write} call leaves to send: the samples of some metrics of
 * one entity, already filtered (no overlap, no unknown values) and stamped in milliseconds. One
 * record is one entry of the on-disk buffer and the unit the sender accepts or gives up on.
 */
record WriteRecord(String entity, List<MetricSamples> metrics) {

  WriteRecord {
    Objects.requireNonNull(entity, "entity");
    metrics = List.copyOf(metrics);
  }

  /** The samples of one metric, in ascending time order. */
  record MetricSamples(String metric, List<RemoteSample> samples) {
    MetricSamples {
      Objects.requireNonNull(metric, "metric");
      samples = List.copyOf(samples);
    }
  }

  /** One sample as remote write carries it: a value at a time in epoch milliseconds. */
  record RemoteSample(long timestampMs, double value) {}

  /** Number of samples in the record. */
  int sampleCount() {
    int n = 0;
    for (MetricSamples m : metrics) {
      n += m.samples().size();
    }
    return n;
  }
}
