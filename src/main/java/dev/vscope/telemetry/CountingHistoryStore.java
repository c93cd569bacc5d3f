package dev.vscope.telemetry;

import dev.vscope.store.HistoryStore;
import dev.vscope.store.Sample;
import dev.vscope.store.Series;
import dev.vscope.store.TimeRange;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** A history store that counts its writes and failed writes for {@link Telemetry}. */
public final class CountingHistoryStore implements HistoryStore {

  private final HistoryStore inner;
  private final Telemetry telemetry;

  public CountingHistoryStore(HistoryStore inner, Telemetry telemetry) {
    this.inner = inner;
    this.telemetry = telemetry;
  }

  @Override
  public void write(String entityId, Map<String, List<Sample>> samplesByMetric) {
    try {
      inner.write(entityId, samplesByMetric);
      telemetry.storeWrite(true);
    } catch (RuntimeException e) {
      telemetry.storeWrite(false);
      throw e;
    }
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
  public int pruneNotUpdatedSince(Instant cutoff) {
    return inner.pruneNotUpdatedSince(cutoff);
  }

  @Override
  public void close() throws IOException {
    inner.close();
  }
}
