package dev.vscope.bench;

import dev.vscope.store.ForwardingHistoryStore;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.Sample;
import dev.vscope.store.StoreException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link HistoryStore} that passes every call on and adds up the time spent in writes and in
 * last-timestamp look-ups, so that a cycle's time splits into vCenter work and store work.
 */
final class TimedStore extends ForwardingHistoryStore {

  final AtomicLong writeNanos = new AtomicLong();
  final AtomicLong writes = new AtomicLong();
  final AtomicLong metricsWritten = new AtomicLong();
  final AtomicLong samplesWritten = new AtomicLong();
  /** Samples with an unknown value ({@code NaN}, infinite): a gap to the stores. */
  final AtomicLong unknownWritten = new AtomicLong();
  /** {@link System#nanoTime()} of the first write since the reset, 0 before. */
  final AtomicLong firstWriteNanos = new AtomicLong();
  final AtomicLong lookupNanos = new AtomicLong();

  TimedStore(HistoryStore store) {
    super(store);
  }

  void reset() {
    writeNanos.set(0);
    writes.set(0);
    metricsWritten.set(0);
    samplesWritten.set(0);
    unknownWritten.set(0);
    firstWriteNanos.set(0);
    lookupNanos.set(0);
  }

  @Override
  public void write(String entityId, Map<String, List<Sample>> samplesByMetric) {
    long t0 = System.nanoTime();
    firstWriteNanos.compareAndSet(0, t0);
    try {
      inner.write(entityId, samplesByMetric);
    } finally {
      writeNanos.addAndGet(System.nanoTime() - t0);
      writes.incrementAndGet();
      metricsWritten.addAndGet(samplesByMetric.size());
      samplesWritten.addAndGet(samplesByMetric.values().stream().mapToLong(List::size).sum());
      unknownWritten.addAndGet(samplesByMetric.values().stream().flatMap(List::stream).filter(s -> !Double.isFinite(s.value())).count());
    }
  }

  @Override
  public Map<String, StoreException> writeAll(Map<String, Map<String, List<Sample>>> samplesByEntity) {
    long t0 = System.nanoTime();
    firstWriteNanos.compareAndSet(0, t0);
    try {
      return inner.writeAll(samplesByEntity);
    } finally {
      writeNanos.addAndGet(System.nanoTime() - t0);
      for (Map<String, List<Sample>> samplesByMetric : samplesByEntity.values()) {
        writes.incrementAndGet();
        metricsWritten.addAndGet(samplesByMetric.size());
        samplesWritten.addAndGet(samplesByMetric.values().stream().mapToLong(List::size).sum());
        unknownWritten.addAndGet(samplesByMetric.values().stream().flatMap(List::stream).filter(s -> !Double.isFinite(s.value())).count());
      }
    }
  }

  @Override
  public OptionalLong lastTimestamp(String entityId, String metric) {
    long t0 = System.nanoTime();
    try {
      return inner.lastTimestamp(entityId, metric);
    } finally {
      lookupNanos.addAndGet(System.nanoTime() - t0);
    }
  }
}
