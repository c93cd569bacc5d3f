package dev.vscope.telemetry;

import dev.vscope.store.ForwardingHistoryStore;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.Sample;
import dev.vscope.store.StoreException;
import java.util.List;
import java.util.Map;

/** A history store that counts its writes and failed writes for {@link Telemetry}. */
public final class CountingHistoryStore extends ForwardingHistoryStore {

  private final Telemetry telemetry;

  public CountingHistoryStore(HistoryStore inner, Telemetry telemetry) {
    super(inner);
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
  public Map<String, StoreException> writeAll(Map<String, Map<String, List<Sample>>> samplesByEntity) {
    Map<String, StoreException> failed;
    try {
      failed = inner.writeAll(samplesByEntity);
    } catch (RuntimeException e) {
      samplesByEntity.keySet().forEach(entity -> telemetry.storeWrite(false));
      throw e;
    }
    samplesByEntity.keySet().forEach(entity -> telemetry.storeWrite(!failed.containsKey(entity)));
    return failed;
  }
}
