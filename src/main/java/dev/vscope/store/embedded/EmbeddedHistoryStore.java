package dev.vscope.store.embedded;

import dev.vscope.store.FileNames;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.Ranked;
import dev.vscope.store.Sample;
import dev.vscope.store.SampleRules;
import dev.vscope.store.Series;
import dev.vscope.store.StoreException;
import dev.vscope.store.StoreMetric;
import dev.vscope.store.TimeRange;
import dev.vscope.store.UnknownSeriesException;
import dev.vscope.store.WarningInterval;
import dev.vscope.store.embedded.PartitionFiles.Key;
import dev.vscope.store.embedded.SeriesRegistry.Family;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded, default {@link HistoryStore}: every sample is written to disk about once, into
 * column files shared by thousands of series, and rolled up into four coarser tiers.
 *
 * <h2>Layout</h2>
 *
 * A series (an entity's metric) has a slot in its metric family ({@link SeriesRegistry}); slots are
 * grouped in shards ({@link Shards}), and each shard has, per {@link Tier},
 * partition files of consecutive windows ({@link PartitionFile}), each window a row of every slot
 * of the shard. A collection cycle writes, for each 20-s time, the row of every series of a shard:
 * adjacent cells, written once and then left alone, so the kernel writes each page of it once.
 * Each rollup window is written once by the {@link Maintenance}, a row per shard, from the tier
 * below. Compared on one benchmark in docs/benchmarks.md with what it replaces (rrd4j, a file per
 * metric, every file rewritten per window: about 1,900 bytes written per sample), it writes about
 * 10 bytes per sample, and reads a year of one metric from at most 7 partition files.
 *
 * <h2>Time</h2>
 *
 * A sample is filed under the 20-s boundary at or before its time ({@link SampleRules#slot}); one
 * at or before its series' last stored boundary is ignored (the collector's backfill overlaps), as
 * is one too far ahead of the clock or older than the raw samples still kept (two hours after it,
 * see {@link Tier}), each with a warning at most every ten minutes. {@code NaN} and infinite values
 * are stored as unknown. A read of a range returns its points as {@link HistoryStore#read} says;
 * the point at {@code T} holds {@code (T - step, T]}; a rollup window not yet written (the last few
 * minutes, or one a late sample made dirty) is computed from the tier below for the read.
 *
 * <h2>Crash safety</h2>
 *
 * A sample is in the page cache (a positional write) before {@link #write} returns, and a new
 * series is in the journal before its first sample, so {@code kill -9} loses nothing accepted. What
 * the checkpoint had not saved yet is found again at opening ({@link StoreState}). No {@code fsync}
 * is done: after a power cut, the last seconds written may be missing, and the collector fetches
 * them again while vCenter keeps them (an hour). Only one store may use a directory at a time (not
 * enforced). History written by the rrd4j store that came before is imported at the first opening
 * ({@link dev.vscope.store.LegacyRrdHistory}).
 *
 * <h2>Threads</h2>
 *
 * Calls for one entity are serialized by a lock striped over entity ids; other calls run in
 * parallel. The maintenance thread runs once a minute; {@link #close()} stops it, waits for running
 * calls and saves the checkpoint; later calls throw {@link IllegalStateException}.
 */
public final class EmbeddedHistoryStore implements HistoryStore {

  /** Where the partition files are, under the store's directory. */
  static final String TIERS = "tiers";

  /** The maintenance's period. */
  public static final Duration MAINTENANCE_PERIOD = Duration.ofMinutes(1);

  private static final Logger logger = LoggerFactory.getLogger(EmbeddedHistoryStore.class);
  private static final int LOCK_STRIPES = 256;
  private static final int MAX_NAME = 1_000;
  private static final long WARNING_SECONDS = 600;

  private final Path dir;
  private final Clock clock;
  private final PartitionFiles files;
  private final SeriesRegistry registry;
  private final Watermarks watermarks;
  private final Rollups rollups;
  private final Maintenance.RawFloor rawFloor;
  private final Maintenance maintenance;
  private final TopQuery topQuery;
  private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final ReentrantLock maintaining = new ReentrantLock();
  private final WarningInterval futureWarning = new WarningInterval(WARNING_SECONDS);
  private final WarningInterval oldWarning = new WarningInterval(WARNING_SECONDS);
  private volatile boolean closed;
  /**
   * Wakes the maintenance thread at close. Not an interrupt: an interrupt closes the file channel
   * the thread is using, for every other user of it too.
   */
  private final Object wakeUp = new Object();
  private volatile StoreException maintenanceFailure;
  private Thread thread;

  private EmbeddedHistoryStore(Path dir, Clock clock, SeriesRegistry registry, Watermarks watermarks, long rawFloor) {
    this.dir = dir;
    this.clock = clock;
    this.files = new PartitionFiles(dir.resolve(TIERS));
    this.registry = registry;
    this.watermarks = watermarks;
    this.rollups = new Rollups(files, watermarks);
    this.rawFloor = new Maintenance.RawFloor(rawFloor);
    this.maintenance = new Maintenance(files, registry, watermarks, rollups, this.rawFloor);
    this.topQuery = new TopQuery(files, watermarks, rollups);
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** Opens the store in {@code directory} with its maintenance thread. */
  public static EmbeddedHistoryStore open(Path directory, Clock clock) {
    return open(directory, clock, true);
  }

  /**
   * Opens (or creates) the store in {@code directory}; without the maintenance thread when {@code
   * background} is false (tests and benchmarks call {@link #maintain} with their own clock).
   *
   * @throws StoreException when the directory, journal or checkpoint cannot be read or created
   */
  public static EmbeddedHistoryStore open(Path directory, Clock clock, boolean background) {
    Objects.requireNonNull(clock, "clock");
    Path dir = directory.toAbsolutePath().normalize();
    EmbeddedHistoryStore store;
    try {
      Files.createDirectories(dir);
      SeriesRegistry registry = SeriesRegistry.open(dir);
      long now = clock.instant().getEpochSecond();
      Watermarks watermarks = new Watermarks(now);
      StoreState.Saved saved = StoreState.read(dir, registry, watermarks);
      store = new EmbeddedHistoryStore(dir, clock, registry, watermarks, saved == null ? Long.MIN_VALUE : saved.rawFloor());
      store.recover(saved);
      new LegacyImport(store, dir).run(clock, watermarks);
    } catch (IOException e) {
      throw new StoreException(dir, "cannot open the history store in", e);
    }
    if (background) {
      store.thread = new Thread(store::maintenanceLoop, "vscope-history-maintenance");
      store.thread.setDaemon(true);
      store.thread.start();
    }
    return store;
  }

  /**
   * After a crash (no clean checkpoint): the last times written since the checkpoint are read back
   * from the raw partitions, and the last two hours of rollups are computed again, in case a late
   * sample had made them dirty.
   */
  private void recover(StoreState.Saved saved) throws IOException {
    if (saved != null && saved.clean()) {
      return;
    }
    long since = saved == null ? Long.MIN_VALUE : saved.savedAt() - Maintenance.CHECKPOINT_SECONDS - SampleRules.STEP_SECONDS;
    for (Family family : registry.families()) {
      for (int shard = 0; shard < family.shardCount(); shard++) {
        for (long p : files.partitions(Tier.RAW, family.name, shard)) {
          if (Tier.RAW.lastEnd(p) >= since) {
            readLastTimes(family, shard, p);
          }
        }
      }
    }
    for (Tier t = Tier.FIVE_MINUTES; t != null; t = t.above()) {
      long published = watermarks.published(t);
      for (long end = t.windowEnd(published - Tier.RAW.keepSeconds()); end <= published; end += t.step()) {
        watermarks.markDirty(t, end);
      }
    }
    if (saved != null) {
      logger.info("The history store was not closed cleanly; its last times and recent rollups were rebuilt from the raw samples");
    }
  }

  private void readLastTimes(Family family, int shard, long partition) throws IOException {
    PartitionFile f = files.forRead(new Key(Tier.RAW, family.name, shard, partition));
    if (f == null) {
      return;
    }
    int slots = Shards.capacity(shard);
    ByteBuffer rows = ByteBuffer.allocate(Tier.RAW.rows() * slots * 8).order(ByteOrder.LITTLE_ENDIAN);
    f.read(0, 0, 0, Tier.RAW.rows() * slots, rows);
    SeriesRegistry.Shard state = family.shardAt(shard);
    for (int r = 0; r < Tier.RAW.rows(); r++) {
      long end = Tier.RAW.firstEnd(partition) + r * Tier.RAW.step();
      for (int s = 0; s < slots; s++) {
        if (rows.getLong((r * slots + s) * 8) != 0 && state.series[s] != null && end > state.last[s]) {
          state.last[s] = end;
        }
      }
    }
  }

  private void maintenanceLoop() {
    while (true) {
      try {
        synchronized (wakeUp) {
          if (!closed) {
            wakeUp.wait(MAINTENANCE_PERIOD.toMillis());
          }
        }
        if (closed) {
          return;
        }
        maintain();
      } catch (InterruptedException e) {
        return;
      } catch (IllegalStateException e) {
        return; // closed meanwhile
      } catch (RuntimeException | Error e) {
        // never let the loop die: the next minute tries again, and the failure shows in backlog()
        logger.error("History store maintenance failed; retrying in a minute", e);
      }
    }
  }

  /**
   * Writes the rollup windows that are due, deletes expired partitions and saves the checkpoint;
   * the maintenance thread calls it every minute.
   *
   * @return the number of rollup rows (a window of one shard) written
   *
   * @throws StoreException when a file cannot be read or written (the next call tries again)
   */
  public int maintain() {
    lockOpen();
    maintaining.lock();
    try {
      long before = maintenance.windowsWritten();
      maintenance.run(clock.instant().getEpochSecond());
      maintenanceFailure = null;
      return (int) (maintenance.windowsWritten() - before);
    } catch (IOException e) {
      StoreException failure = new StoreException(files.root(), "cannot maintain the history in", e);
      maintenanceFailure = failure;
      throw failure;
    } finally {
      maintaining.unlock();
      lifecycle.readLock().unlock();
    }
  }

  /** What the store has waiting or failing, for /metrics. */
  public Backlog backlog() {
    long dirty = 0;
    for (Tier t = Tier.FIVE_MINUTES; t != null; t = t.above()) {
      dirty += watermarks.dirty(t).size();
    }
    StoreException failure = maintenanceFailure;
    return new Backlog(registry.count(), dirty, files.openFiles(), failure == null ? null : failure.getMessage());
  }

  /** The store's directory. */
  @Override
  public String location() {
    return dir.toAbsolutePath().toString();
  }

  /**
   * Rollup windows waiting to be computed again and a maintenance that fails show here as well as
   * in the log.
   */
  @Override
  public List<StoreMetric> stateMetrics() {
    return List.of(
        StoreMetric.gauge("vscope_history_series", "Series (an entity's metric) in the embedded history store", () -> backlog().series()),
        StoreMetric.gauge("vscope_history_dirty_windows", "Rollup windows that late samples made dirty, waiting to be computed again",
            () -> backlog().dirtyWindows()),
        StoreMetric.gauge("vscope_history_open_files", "Partition files the embedded history store holds open", () -> backlog().openFiles()),
        StoreMetric.gauge("vscope_history_maintenance_failing",
            "1 when the last maintenance of the embedded history store (rollups, retention) failed",
            () -> backlog().maintenanceError() == null ? 0 : 1));
  }

  /**
   * The store's state: series, rollup windows waiting to be written again, open partition files,
   * and the last maintenance failure (null when the last one succeeded).
   */
  public record Backlog(long series, long dirtyWindows, int openFiles, String maintenanceError) {}

  @Override
  public void write(String entityId, Map<String, List<Sample>> samplesByMetric) {
    Map<String, StoreException> failed = writeAll(Map.of(entityId, samplesByMetric));
    if (!failed.isEmpty()) {
      throw failed.get(entityId);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The cells of all the entities are written together, file by file and row by row, adjacent
   * slots in one write ({@link RawCells}). An entity whose cells could not all be written keeps
   * its last times, so the collector's next backfill brings its samples again.
   */
  @Override
  public Map<String, StoreException> writeAll(Map<String, Map<String, List<Sample>>> samplesByEntity) {
    samplesByEntity.forEach((entity, metrics) -> {
      requireName(entity, "entity id");
      metrics.keySet().forEach(m -> {
        requireName(m, "metric name");
        if (FileNames.tryEncode(SeriesRegistry.familyOf(m)).isEmpty()) {
          throw new IllegalArgumentException("not a usable metric name (too long): " + m.substring(0, 40) + "…");
        }
      });
    });
    lockOpen();
    List<ReentrantLock> held = lockAll(samplesByEntity.keySet());
    try {
      long now = clock.instant().getEpochSecond();
      long floor = rawFloor.get();
      Map<String, StoreException> failed = new HashMap<>();
      Map<SeriesRegistry.Series, Long> newLast = new HashMap<>();
      RawCells cells = new RawCells();
      int future = 0;
      int old = 0;
      Set<Long> slots = new HashSet<>();
      for (Map.Entry<String, Map<String, List<Sample>>> entity : samplesByEntity.entrySet()) {
        for (Map.Entry<String, List<Sample>> e : entity.getValue().entrySet()) {
          if (e.getValue().isEmpty()) {
            continue;
          }
          SeriesRegistry.Series series;
          try {
            series = registry.add(entity.getKey(), e.getKey(), SampleRules.slot(now));
          } catch (IOException x) {
            failed.putIfAbsent(entity.getKey(), new StoreException(dir.resolve(SeriesRegistry.FILE), "cannot add " + entity.getKey() + " " + e.getKey() + " to", x));
            continue;
          }
          long last = series.family().shard(series.slot()).last[Shards.index(series.slot())];
          for (Sample s : e.getValue()) {
            long slot = SampleRules.slot(s.epochSecond());
            if (slot <= last) {
              continue; // the backfill overlaps what is stored
            } else if (SampleRules.tooFarAhead(slot, now)) {
              future++;
            } else if (slot < floor) {
              old++;
            } else {
              long cell = PartitionFile.encode(s.value());
              if (cell != 0) {
                cells.add(series, slot, cell);
                slots.add(slot);
              }
              last = slot; // an unknown value moves the last time on too, as a gap
            }
          }
          newLast.put(series, last);
        }
      }
      cells.writeTo(files).forEach((entity, x) ->
          failed.putIfAbsent(entity, new StoreException(files.root(), "cannot write the history of " + entity + " in", x)));
      newLast.forEach((series, last) -> {
        if (!failed.containsKey(series.entity())) {
          series.family().shard(series.slot()).last[Shards.index(series.slot())] = last;
        }
      });
      slots.forEach(watermarks::written); // after the writes: see Watermarks
      if (future > 0 && futureWarning.due(now)) {
        logger.warn("Ignored {} samples more than {} s ahead of the clock (is a vCenter's clock wrong?)", future, SampleRules.FUTURE_TOLERANCE_SECONDS);
      }
      if (old > 0 && oldWarning.due(now)) {
        logger.warn("Ignored {} samples older than the raw history kept (before {})", old, Instant.ofEpochSecond(floor));
      }
      return failed;
    } finally {
      held.forEach(ReentrantLock::unlock);
      lifecycle.readLock().unlock();
    }
  }

  /** Takes the locks of several entities, in stripe order so that two writers cannot deadlock. */
  private List<ReentrantLock> lockAll(Set<String> entityIds) {
    java.util.TreeSet<Integer> stripes = new java.util.TreeSet<>();
    entityIds.forEach(id -> stripes.add(Math.floorMod(id.hashCode(), LOCK_STRIPES)));
    List<ReentrantLock> held = new ArrayList<>(stripes.size());
    for (int stripe : stripes) {
      locks[stripe].lock();
      held.add(locks[stripe]);
    }
    return held;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A point is unknown where nothing was stored; on a slot that held a removed series before,
   * points that begin before this series' first write are unknown too.
   */
  @Override
  public Series read(String entityId, String metric, TimeRange range, Instant end) {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(end, "end");
    lockOpen();
    try {
      SeriesRegistry.Series series = registry.find(entityId, metric);
      if (series == null) {
        throw new UnknownSeriesException(entityId, metric);
      }
      Tier tier = Tier.of(range);
      long step = range.stepSeconds();
      long first = SampleRules.firstPoint(range, end);
      long validFrom = series.family().shard(series.slot()).validFrom[Shards.index(series.slot())];
      List<Series.Point> points = new ArrayList<>(range.points());
      for (int i = 0; i < range.points(); i++) {
        long t = first + i * step;
        double[] v = t - step < validFrom ? new double[] {Double.NaN, Double.NaN} : rollups.slot(tier, series.family().name, series.slot(), t);
        points.add(new Series.Point(t, v[0], v[1]));
      }
      return new Series(entityId, metric, range, (int) step, points);
    } catch (IOException e) {
      throw new StoreException(files.root(), "cannot read the history of " + entityId + " " + metric + " in", e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>See {@link TopQuery}: at 40,000 VMs, a day is 288 reads of 40,000 cells.
   */
  @Override
  public List<Ranked> top(String metric, Collection<String> entityIds, TimeRange range, Instant end, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    Set<String> wanted = entityIds instanceof Set<String> set ? set : Set.copyOf(entityIds);
    lockOpen();
    try {
      Family family = registry.family(SeriesRegistry.familyOf(metric));
      return family == null ? List.of() : topQuery.top(family, metric, wanted, range, end, limit);
    } catch (IOException e) {
      throw new StoreException(files.root(), "cannot rank " + metric + " in", e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @Override
  public List<String> metrics(String entityId) {
    lockOpen();
    try {
      return registry.of(entityId).stream().map(SeriesRegistry.Series::metric).sorted().toList();
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** {@inheritDoc} The time is the 20-s boundary the last sample was filed under. */
  @Override
  public OptionalLong lastTimestamp(String entityId, String metric) {
    lockOpen();
    ReentrantLock lock = lock(entityId);
    lock.lock();
    try {
      SeriesRegistry.Series series = registry.find(entityId, metric);
      long last = series == null ? Long.MIN_VALUE : series.family().shard(series.slot()).last[Shards.index(series.slot())];
      return last == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(last);
    } finally {
      lock.unlock();
      lifecycle.readLock().unlock();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Removes every series whose last sample is before {@code cutoff} (so a NIC that went away
   * loses its history too); its slot is taken by the next new series of the family.
   *
   * @return the number of entities left with no history by this call
   */
  @Override
  public int pruneNotUpdatedSince(Instant cutoff) {
    long cutoffSecond = cutoff.getEpochSecond();
    lockOpen();
    try {
      int removed = 0;
      for (String entity : List.copyOf(registry.entities())) {
        ReentrantLock lock = lock(entity);
        lock.lock();
        try {
          for (SeriesRegistry.Series s : List.copyOf(registry.of(entity))) {
            if (s.family().shard(s.slot()).last[Shards.index(s.slot())] < cutoffSecond) {
              registry.remove(s);
            }
          }
          if (registry.of(entity).isEmpty()) {
            removed++;
          }
        } catch (IOException e) {
          throw new StoreException(dir.resolve(SeriesRegistry.FILE), "cannot remove the history of " + entity + " from", e);
        } finally {
          lock.unlock();
        }
      }
      if (removed > 0) {
        logger.info("Pruned the history of {} entities not updated since {}", removed, cutoff);
      }
      return removed;
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** The store's directory. */
  public Path directory() {
    return dir;
  }

  /** Writes an imported window straight into its tier (see {@link LegacyImport}). */
  void importWindow(String entityId, String metric, TimeRange range, long end, double avg, double max) throws IOException {
    Tier tier = Tier.of(range);
    SeriesRegistry.Series series = registry.add(entityId, metric, 0);
    int index = Shards.index(series.slot());
    PartitionFile f = files.forWrite(new Key(tier, series.family().name, Shards.of(series.slot()), tier.partition(end)));
    f.write(tier.row(end), 0, index, PartitionFile.encode(avg));
    if (!tier.isRaw()) {
      f.write(tier.row(end), 1, index, PartitionFile.encode(max));
    }
  }

  /** Sets an imported series' last time. */
  void importLast(String entityId, String metric, long epochSecond) throws IOException {
    SeriesRegistry.Series series = registry.add(entityId, metric, 0);
    SeriesRegistry.Shard state = series.family().shard(series.slot());
    int index = Shards.index(series.slot());
    state.last[index] = Math.max(state.last[index], epochSecond);
  }

  /** Saves the checkpoint now (after an import). */
  void checkpoint() throws IOException {
    maintenance.checkpoint(clock.instant().getEpochSecond(), false);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (thread != null) {
      synchronized (wakeUp) {
        wakeUp.notifyAll();
      }
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lifecycle.writeLock().lock();
    try {
      maintenance.checkpoint(clock.instant().getEpochSecond(), true);
    } catch (IOException e) {
      logger.warn("Cannot save the history store's checkpoint at close; it is rebuilt at the next opening: {}", e.toString());
    } finally {
      files.closeAll();
      try {
        registry.close();
      } catch (IOException e) {
        logger.warn("Cannot close the series journal: {}", e.toString());
      }
      lifecycle.writeLock().unlock();
    }
  }

  private void lockOpen() {
    lifecycle.readLock().lock();
    if (closed) {
      lifecycle.readLock().unlock();
      throw new IllegalStateException("the history store is closed");
    }
  }

  private ReentrantLock lock(String entityId) {
    return locks[Math.floorMod(entityId.hashCode(), LOCK_STRIPES)];
  }

  private static void requireName(String name, String what) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
      throw new IllegalArgumentException("not a usable " + what + " (empty or longer than " + MAX_NAME + " characters)");
    }
  }
}
