package dev.vscope.store;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A store that hands every call to another: decorators (counting, timing, recording) extend it and
 * override what they add to.
 */
public abstract class ForwardingHistoryStore implements HistoryStore {

  protected final HistoryStore inner;

  protected ForwardingHistoryStore(HistoryStore inner) {
    this.inner = inner;
  }

  @Override
  public void write(String entityId, Map<String, List<Sample>> samplesByMetric) {
    inner.write(entityId, samplesByMetric);
  }

  @Override
  public Map<String, StoreException> writeAll(Map<String, Map<String, List<Sample>>> samplesByEntity) {
    return inner.writeAll(samplesByEntity);
  }

  @Override
  public Series read(String entityId, String metric, TimeRange range, Instant end) {
    return inner.read(entityId, metric, range, end);
  }

  @Override
  public List<String> metrics(String entityId) {
    return inner.metrics(entityId);
  }

  @Override
  public OptionalLong lastTimestamp(String entityId, String metric) {
    return inner.lastTimestamp(entityId, metric);
  }

  @Override
  public List<Ranked> top(String metric, Collection<String> entityIds, TimeRange range, Instant end, int limit) {
    return inner.top(metric, entityIds, range, end, limit);
  }

  @Override
  public int pruneNotUpdatedSince(Instant cutoff) {
    return inner.pruneNotUpdatedSince(cutoff);
  }

  @Override
  public String location() {
    return inner.location();
  }

  @Override
  public List<StoreMetric> stateMetrics() {
    return inner.stateMetrics();
  }

  @Override
  public void close() throws IOException {
    inner.close();
  }
}
