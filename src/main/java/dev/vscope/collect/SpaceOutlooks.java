package dev.vscope.collect;

import dev.vscope.LogText;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.Sample;
import dev.vscope.store.Series;
import dev.vscope.store.StoreException;
import dev.vscope.store.TimeRange;
import dev.vscope.store.UnknownSeriesException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's {@link SpaceOutlook} of each datastore, from the month of space history in the
 * store (2-hour points). A fit changes only when a new 2-hour point closes, so the lines are fitted
 * once per point (two series reads per datastore: at 1,000 datastores, 2,000 reads of 360 points
 * every two hours) and each cycle only sets them against the free space it read. Not thread-safe:
 * the collector's cycles are serialized.
 */
final class SpaceOutlooks {

  private static final Logger logger = LoggerFactory.getLogger(SpaceOutlooks.class);

  private final HistoryStore store;
  private long point = Long.MIN_VALUE;
  private Map<String, SpaceOutlook> fitted = new HashMap<>();

  SpaceOutlooks(HistoryStore store) {
    this.store = store;
  }

  /**
   * Every datastore's outlook at {@code now} (vCenter's time, which the space history is written
   * at). When the history cannot be read, the outlooks of the last fit are kept, logged once, and
   * the next cycle fits again: a store that is down must not fail the cycle, nor log a line per
   * datastore.
   */
  Map<String, SpaceOutlook> of(Inventory inv, Instant now) {
    long current = Math.floorDiv(now.getEpochSecond(), TimeRange.MONTH.stepSeconds());
    Map<String, SpaceOutlook> next = new HashMap<>();
    try {
      for (Inventory.Datacenter dc : inv.datacenters()) {
        for (Inventory.Datastore d : dc.datastores()) {
          SpaceOutlook o = current == point ? fitted.get(d.id()) : null;
          if (o == null) {
            o = SpaceTrend.outlook(used(d.id(), now), d.capacityBytes(), d.freeBytes());
          }
          next.put(d.id(), o.withFree(d.freeBytes()));
        }
      }
    } catch (StoreException e) {
      logger.warn("{}: days until full not updated: {}", inv.vcenter(), LogText.of(e.getMessage()));
      point = Long.MIN_VALUE;
      return Map.copyOf(fitted);
    }
    point = current;
    fitted = next;
    return Map.copyOf(next);
  }

  /** Used bytes (capacity − free) per 2-hour point of the last 30 days; NaN where either is unknown. */
  private List<Sample> used(String id, Instant now) {
    Series capacity;
    Series free;
    try {
      capacity = store.read(id, "space.capacity", TimeRange.MONTH, now);
      free = store.read(id, "space.free", TimeRange.MONTH, now);
    } catch (UnknownSeriesException e) {
      return List.of();
    }
    List<Sample> out = new ArrayList<>(capacity.points().size());
    for (int i = 0; i < capacity.points().size() && i < free.points().size(); i++) {
      Series.Point c = capacity.points().get(i);
      out.add(new Sample(c.epochSecond(), c.avg() - free.points().get(i).avg()));
    }
    return out;
  }
}
