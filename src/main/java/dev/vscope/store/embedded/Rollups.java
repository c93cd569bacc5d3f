package dev.vscope.store.embedded;

import dev.vscope.store.embedded.PartitionFiles.Key;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Computes rollup windows from the tier below: a window is known when at least half of its child
 * windows are (rrd4j's xff of 0.5, as the store always had), and is then the average of the known
 * children's averages and the maximum of their maxima. Raw samples are children with the same value
 * as average and maximum.
 *
 * <p>Each tier is computed from the one below, not from raw samples (a 1-day point is the average
 * of its 2-h points); with no gap both give the same number, with gaps they can differ a little.
 */
final class Rollups {

  private final PartitionFiles files;
  private final Watermarks watermarks;

  Rollups(PartitionFiles files, Watermarks watermarks) {
    this.files = files;
    this.watermarks = watermarks;
  }

  /**
   * The window ending at {@code end} of every series of a shard, as a whole row of little-endian
   * cells (a raw row, or averages then maxima): read from the tier's file when the window is raw or
   * materialized, else computed from the rows below. Null when there is no file to read from.
   */
  ByteBuffer row(Tier tier, String family, int shard, long end) throws IOException {
    if (tier.isRaw() || watermarks.materialized(tier, end)) {
      return stored(tier, family, shard, end);
    }
    return compute(tier, family, shard, end);
  }

  /** The row as its file holds it; null when there is no file. */
  ByteBuffer stored(Tier tier, String family, int shard, long end) throws IOException {
    PartitionFile f = files.forRead(new Key(tier, family, shard, tier.partition(end)));
    if (f == null) {
      return null;
    }
    int slots = Shards.capacity(shard);
    ByteBuffer row = ByteBuffer.allocate(tier.width() * slots * 8).order(ByteOrder.LITTLE_ENDIAN);
    f.read(tier.row(end), 0, 0, tier.width() * slots, row);
    return row.clear();
  }

  /** The rollup row computed from the tier below; null when the tier below has no file there. */
  ByteBuffer compute(Tier tier, String family, int shard, long end) throws IOException {
    Tier below = tier.below();
    int n = tier.children();
    int slots = Shards.capacity(shard);
    ByteBuffer[] children = new ByteBuffer[n];
    boolean any = false;
    for (int c = 0; c < n; c++) {
      children[c] = row(below, family, shard, end - (n - 1 - c) * below.step());
      any |= children[c] != null;
    }
    if (!any) {
      return null;
    }
    ByteBuffer out = ByteBuffer.allocate(2 * slots * 8).order(ByteOrder.LITTLE_ENDIAN);
    int maxPlane = below.width() - 1; // the raw tier's one plane is both
    Window window = new Window(n);
    for (int s = 0; s < slots; s++) {
      window.clear();
      for (ByteBuffer child : children) {
        long avgCell = child == null ? 0 : child.getLong(s * 8);
        if (avgCell != 0) {
          window.add(PartitionFile.decode(avgCell), PartitionFile.decode(child.getLong((maxPlane * slots + s) * 8)));
        }
      }
      if (window.isKnown()) {
        out.putLong(s * 8, PartitionFile.encode(window.avg()));
        out.putLong((slots + s) * 8, PartitionFile.encode(window.max()));
      }
    }
    return out;
  }

  /**
   * One series' average and maximum in the window ending at {@code end}: read from the tier's file
   * when the window is materialized, else computed from the windows below, down to the raw samples.
   */
  double[] slot(Tier tier, String family, int slot, long end) throws IOException {
    int shard = Shards.of(slot);
    int index = Shards.index(slot);
    if (tier.isRaw()) {
      PartitionFile f = files.forRead(new Key(tier, family, shard, tier.partition(end)));
      double v = f == null ? Double.NaN : PartitionFile.decode(f.read(tier.row(end), 0, index));
      return new double[] {v, v};
    }
    if (watermarks.materialized(tier, end)) {
      PartitionFile f = files.forRead(new Key(tier, family, shard, tier.partition(end)));
      if (f == null) {
        return new double[] {Double.NaN, Double.NaN};
      }
      int row = tier.row(end);
      return new double[] {PartitionFile.decode(f.read(row, 0, index)), PartitionFile.decode(f.read(row, 1, index))};
    }
    Tier below = tier.below();
    if (below.isRaw() && files.forRead(new Key(below, family, shard, below.partition(end))) == null) {
      return new double[] {Double.NaN, Double.NaN};
    }
    int n = tier.children();
    Window window = new Window(n);
    for (int c = n - 1; c >= 0; c--) {
      double[] v = slot(below, family, slot, end - c * below.step());
      if (!Double.isNaN(v[0])) {
        window.add(v[0], v[1]);
      }
    }
    return window.isKnown() ? new double[] {window.avg(), window.max()} : new double[] {Double.NaN, Double.NaN};
  }

  /** The known children of one window, and the rule that makes the window known from them. */
  private static final class Window {
    private final int children;
    private int known;
    private double sum;
    private double max;

    Window(int children) {
      this.children = children;
      clear();
    }

    void clear() {
      known = 0;
      sum = 0;
      max = Double.NEGATIVE_INFINITY;
    }

    void add(double avg, double childMax) {
      known++;
      sum += avg;
      max = Math.max(max, childMax);
    }

    /** rrd4j's xff of 0.5: known when at least half of the children are. */
    boolean isKnown() {
      return 2 * known >= children;
    }

    double avg() {
      return sum / known;
    }

    double max() {
      return max;
    }
  }
}
