package dev.vscope.store.embedded;

import dev.vscope.store.Ranked;
import dev.vscope.store.SampleRules;
import dev.vscope.store.TimeRange;
import dev.vscope.store.embedded.PartitionFiles.Key;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The entities with the highest average of one metric over a range: for each shard of the metric's
 * family, the range's rows are read once, only the average plane and only the slots between the
 * first and the last wanted one, and each wanted series' known points are averaged, as a read of
 * its series would return them. Shards are ranked in parallel (they are separate files), then
 * merged.
 */
final class TopQuery {

  private static final Comparator<Ranked> ASCENDING = Comparator.comparingDouble(Ranked::value);
  /**
   * A row's cells, read straight from the file: the kernel fills a direct buffer, read cell by cell
   * in place, where a heap buffer costs two more copies (through the JDK's temporary direct buffer,
   * then into a {@code long[]}). One per thread: a raw row of a full shard, 64 KiB.
   */
  private static final ThreadLocal<ByteBuffer> BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(Shards.MAX * 8).order(ByteOrder.LITTLE_ENDIAN));

  private final PartitionFiles files;
  private final Watermarks watermarks;
  private final Rollups rollups;

  TopQuery(PartitionFiles files, Watermarks watermarks, Rollups rollups) {
    this.files = files;
    this.watermarks = watermarks;
    this.rollups = rollups;
  }

  List<Ranked> top(SeriesRegistry.Family family, String metric, Set<String> wanted, TimeRange range, Instant end, int limit) throws IOException {
    List<Ranked> all;
    try {
      all = IntStream.range(0, family.shardCount()).parallel()
          .mapToObj(shard -> rank(family, shard, metric, wanted, range, end, limit))
          .flatMap(List::stream)
          .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    List<Ranked> result = new ArrayList<>(all);
    result.sort(ASCENDING.reversed().thenComparing(Ranked::entityId));
    return List.copyOf(result.subList(0, Math.min(limit, result.size())));
  }

  /** The best {@code limit} of one shard. */
  private List<Ranked> rank(SeriesRegistry.Family family, int shard, String metric, Set<String> wanted, TimeRange range, Instant end, int limit) {
    SeriesRegistry.Shard state = family.shardAt(shard);
    int slots = Shards.capacity(shard);
    boolean[] selected = new boolean[slots];
    int lo = Integer.MAX_VALUE;
    int hi = -1;
    for (int s = 0; s < slots; s++) {
      SeriesRegistry.Series series = state.series[s];
      if (series != null && series.metric().equals(metric) && wanted.contains(series.entity())) {
        selected[s] = true;
        lo = Math.min(lo, s);
        hi = s;
      }
    }
    if (hi < 0) {
      return List.of();
    }
    int n = hi - lo + 1;
    double[] sum = new double[n];
    int[] known = new int[n];
    ByteBuffer buffer = BUFFER.get();
    Tier tier = Tier.of(range);
    long step = range.stepSeconds();
    long first = SampleRules.firstPoint(range, end);
    try {
      for (int i = 0; i < range.points(); i++) {
        long t = first + i * step;
        ByteBuffer cells;
        int base;
        if (tier.isRaw() || watermarks.materialized(tier, t)) {
          PartitionFile f = files.forRead(new Key(tier, family.name, shard, tier.partition(t)));
          if (f == null) {
            continue;
          }
          buffer.clear();
          f.read(tier.row(t), 0, lo, n, buffer);
          cells = buffer;
          base = 0;
        } else {
          cells = rollups.compute(tier, family.name, shard, t);
          if (cells == null) {
            continue;
          }
          base = lo * 8;
        }
        long validSince = t - step;
        for (int k = 0; k < n; k++) {
          long cell = cells.getLong(base + k * 8);
          if (cell != 0 && selected[lo + k] && validSince >= state.validFrom[lo + k]) {
            sum[k] += PartitionFile.decode(cell);
            known[k]++;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PriorityQueue<Ranked> best = new PriorityQueue<>(ASCENDING);
    for (int k = 0; k < n; k++) {
      if (known[k] > 0) {
        best.add(new Ranked(state.series[lo + k].entity(), sum[k] / known[k]));
        if (best.size() > limit) {
          best.poll();
        }
      }
    }
    return new ArrayList<>(best);
  }
}
