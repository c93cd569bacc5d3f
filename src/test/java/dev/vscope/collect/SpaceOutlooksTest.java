package dev.vscope.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.store.HistoryStore;
import dev.vscope.store.Sample;
import dev.vscope.store.SampleRules;
import dev.vscope.store.Series;
import dev.vscope.store.StoreException;
import dev.vscope.store.TimeRange;
import dev.vscope.store.UnknownSeriesException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * {@link SpaceOutlooks}: the lines are fitted once per 2-hour point and set against each cycle's
 * free space, and a store that cannot be read keeps the last outlooks without failing the cycle.
 */
class SpaceOutlooksTest {

  static final long GB = 1L << 30;
  static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L / 7_200 * 7_200 + 600);

  /** A month of used space growing 10 GB a day on a 1,000 GB datastore; counts reads; fails when told. */
  static final class MonthStore implements HistoryStore {
    int reads;
    boolean broken;

    @Override
    public Series read(String entityId, String metric, TimeRange range, Instant end) {
      reads++;
      if (broken) {
        throw new StoreException(Path.of("/history"), "cannot read", new IOException("disk gone"));
      }
      if (!entityId.equals("vc:ds-1")) {
        throw new UnknownSeriesException(entityId, metric);
      }
      List<Series.Point> points = new ArrayList<>();
      long first = SampleRules.firstPoint(range, end);
      for (int i = 0; i < range.points(); i++) {
        long t = first + (long) i * range.stepSeconds();
        double used = 100.0 * GB + 10.0 * GB * (t - first) / 86_400;
        double v = metric.equals("space.capacity") ? 1000.0 * GB : 1000.0 * GB - used;
        points.add(new Series.Point(t, v, v));
      }
      return new Series(entityId, metric, range, range.stepSeconds(), points);
    }

    @Override
    public void write(String entityId, Map<String, List<Sample>> samplesByMetric) {}

    @Override
    public List<String> metrics(String entityId) {
      return List.of();
    }

    @Override
    public OptionalLong lastTimestamp(String entityId, String metric) {
      return OptionalLong.empty();
    }

    @Override
    public int pruneNotUpdatedSince(Instant cutoff) {
      return 0;
    }

    @Override
    public String location() {
      return "memory";
    }

    @Override
    public void close() {}
  }

  static Inventory inventory(long freeGb) {
    Inventory.Datastore grows = new Inventory.Datastore("vc:ds-1", "grows", "VMFS", "ds:///vmfs/volumes/1/", 1000 * GB, freeGb * GB, 0,
        1000 * GB - freeGb * GB, true, "normal", 0, 1);
    Inventory.Datastore fresh = new Inventory.Datastore("vc:ds-2", "fresh", "VMFS", "ds:///vmfs/volumes/2/", 1000 * GB, 900 * GB, 0,
        100 * GB, true, "normal", 0, 1);
    return new Inventory("vc", NOW, List.of(new Inventory.Datacenter("vc:dc", "dc", "vc", List.of(), List.of(grows, fresh), List.of(), List.of(), List.of())));
  }

  @Test
  void fittedOncePerTwoHourPointAndSetAgainstTheFreeSpaceOfEachCycle() {
    MonthStore store = new MonthStore();
    SpaceOutlooks outlooks = new SpaceOutlooks(store);
    Map<String, SpaceOutlook> first = outlooks.of(inventory(500), NOW);
    // 500 GB free at 10 GB a day
    assertThat(first.get("vc:ds-1").daysUntilFull()).isEqualTo(50.0);
    assertThat(first.get("vc:ds-2").reason()).isEqualTo(SpaceOutlook.Reason.SHORT_HISTORY);
    int reads = store.reads;
    assertThat(reads).isEqualTo(3); // capacity and free of ds-1, capacity of ds-2 (unknown)

    // a minute later, in the same 2-hour point: no read, the new free space counts
    Map<String, SpaceOutlook> next = outlooks.of(inventory(400), NOW.plusSeconds(60));
    assertThat(store.reads).isEqualTo(reads);
    assertThat(next.get("vc:ds-1").daysUntilFull()).isEqualTo(40.0);

    // the next point: fitted again
    outlooks.of(inventory(400), NOW.plusSeconds(7_200));
    assertThat(store.reads).isEqualTo(2 * reads);
  }

  @Test
  void anUnreadableStoreKeepsTheLastOutlooksAndTriesAgain() {
    MonthStore store = new MonthStore();
    SpaceOutlooks outlooks = new SpaceOutlooks(store);
    outlooks.of(inventory(500), NOW);
    store.broken = true;
    Instant later = NOW.plusSeconds(7_200);
    assertThat(outlooks.of(inventory(400), later).get("vc:ds-1").daysUntilFull()).isEqualTo(50.0);
    store.broken = false;
    int reads = store.reads;
    assertThat(outlooks.of(inventory(400), later.plusSeconds(60)).get("vc:ds-1").daysUntilFull()).isEqualTo(40.0);
    assertThat(store.reads).as("fitted again after the failure").isGreaterThan(reads);
  }
}
