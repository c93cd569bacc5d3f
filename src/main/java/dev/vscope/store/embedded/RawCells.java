package dev.vscope.store.embedded;

import dev.vscope.store.embedded.PartitionFiles.Key;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw cells of one write of several entities, put to disk file by file and row by row, the
 * cells of adjacent slots in one write: the entities of a collector's batch took their slots
 * together, so an hour of backfill for 50 VMs is a few hundred writes, not a hundred thousand.
 */
final class RawCells {

  private record Cell(Key key, int row, int index, long value, String entity) {}

  private static final Comparator<Cell> ORDER = Comparator.comparing((Cell c) -> c.key.family())
      .thenComparingInt(c -> c.key.shard())
      .thenComparingLong(c -> c.key.partition())
      .thenComparingInt(Cell::row)
      .thenComparingInt(Cell::index);

  private final List<Cell> cells = new ArrayList<>();

  void add(SeriesRegistry.Series series, long slot, long value) {
    Key key = new Key(Tier.RAW, series.family().name, Shards.of(series.slot()), Tier.RAW.partition(slot));
    cells.add(new Cell(key, Tier.RAW.row(slot), Shards.index(series.slot()), value, series.entity()));
  }

  /** Writes every cell; returns the entities some of whose cells could not be written, with the first failure of each. */
  Map<String, IOException> writeTo(PartitionFiles files) {
    cells.sort(ORDER);
    Map<String, IOException> failed = new HashMap<>();
    int i = 0;
    while (i < cells.size()) {
      Cell first = cells.get(i);
      int end = i + 1;
      while (end < cells.size() && sameRun(cells.get(end - 1), cells.get(end))) {
        end++;
      }
      ByteBuffer run = ByteBuffer.allocate((end - i) * 8).order(ByteOrder.LITTLE_ENDIAN);
      for (int k = i; k < end; k++) {
        run.putLong(cells.get(k).value);
      }
      try {
        files.forWrite(first.key).write(first.row, 0, first.index, run.flip());
      } catch (IOException e) {
        for (int k = i; k < end; k++) {
          failed.putIfAbsent(cells.get(k).entity, e);
        }
      }
      i = end;
    }
    return failed;
  }

  private static boolean sameRun(Cell a, Cell b) {
    return a.key.equals(b.key) && a.row == b.row && b.index == a.index + 1;
  }
}
