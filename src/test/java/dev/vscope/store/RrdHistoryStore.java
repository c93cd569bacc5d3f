package dev.vscope.store;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import dev.vscope.store.WriteAheadLog.MetricSamples;
import org.rrd4j.ConsolFun;
import org.rrd4j.core.RrdDb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded, default {@link HistoryStore}: round-robin files written with rrd4j, one file per
 * entity and metric, {@code <directory>/<entity>/<metric>.rrd} (names encoded by {@link
 * FileNames}, so {@code demo:vm-42} / {@code net.rx[vmnic0]} is {@code
 * demo%3Avm-42/net.rx%5Bvmnic0%5D.rrd}). Each file has the archives described in {@link
 * RrdSchema}: AVERAGE and MAX at every {@link TimeRange}'s step and length, so a file never grows.
 *
 * <h2>Why this layout and backend</h2>
 *
 * Measured with {@code StoreBenchmark} on the 2-core reference machine (shared with other builds
 * while measuring, so figures vary by 2×). One collection cycle is 5,500 VMs × 12 metrics + 200
 * hosts × 20 metrics = 70,000 metrics, 3 samples each, written by one thread as the collector does.
 *
 * <ul>
 *   <li><b>One file per metric</b> (chosen). A cycle takes 2.3–5 s once the files exist (35–70 µs
 *       per metric: open, read 25 KB, three rrd4j updates, write 25 KB back, close), up to 10–16 s
 *       while the machine was saturated by other jobs or the kernel was still writing out the
 *       files of the first cycle, which creates the 70,000 files in 20–75 s. Reading a metric's
 *       year takes 45–70 µs (median). The {@link HistoryStore} contract is per metric, and this layout gives it
 *       exactly: each metric has its own last time, metrics come and go with NICs and datastores
 *       without touching other files, and a damaged file loses one metric. The cost is disk
 *       writes: each of the ten archives keeps its state in a different 4 KiB page, so every
 *       update dirties the whole file, ~29 KB per metric: written every cycle, 2 GB per cycle
 *       (~34 MB/s) for this estate. Hence the flush window below.
 *   <li>One file per entity, a data source per metric, measured with rrd4j's NIO backend: 1.4–2 s
 *       and 260 MB written per cycle, 8× less. Rejected because all data sources of a file share
 *       one last-update time: the collector writes a datastore's space samples (stamped "now")
 *       in the same call as its latency samples (stamped up to 20 s earlier, the rest following
 *       in the next cycle), so the late latency samples would be refused every cycle; and a new
 *       NIC or datastore means rewriting the file with a new layout.
 *   <li>Files are opened for each call and closed at its end, through {@link
 *       WholeFileBackendFactory} (read whole, write back whole, one system call each; see there
 *       for why not rrd4j's RandomAccessFile or NIO backends: 2–4× slower per cycle). Keeping
 *       files open ({@code RrdDbPool}) is not used: 70,000 open files exceed common descriptor
 *       limits (and 70,000 mappings Linux's default map count), and a cycle visits every file
 *       once, so a bounded cache would only thrash.
 * </ul>
 *
 * <h2>Writing: a flush window and a write-ahead log</h2>
 *
 * A metric's new samples do not go into its file at once: they wait in memory, journaled in a
 * {@link WriteAheadLog} under {@code <directory>/.wal/}, until the entity's flush window closes
 * (default {@link #DEFAULT_FLUSH_INTERVAL}, 5 minutes: 15 samples per file write instead of 3,
 * and a fifth of the bytes). Each entity's windows are shifted by a phase taken from its id, so
 * the files are written in turns, about a fifth of them per one-minute collection cycle, never all
 * at once. They are written by a flusher thread once the writers have been idle for a second
 * (usually between collection cycles, so a cycle rarely waits for the disk), or 20 s after an
 * entity became due at the latest. A flusher that cannot write an entity's files leaves the
 * failure with the entity: the entity's next {@link #write} retries at once and throws it, and its
 * waiting samples are copied forward in the log so that they do not keep old segments on disk.
 * When the log itself cannot be written (a full disk), the samples go straight into their files,
 * which are full-size from their creation and updated in place. Reads and {@link #lastTimestamp} see the waiting samples (a read applies
 * them to a copy of the file in memory), so the wait is invisible to callers. A metric that has no
 * file yet gets one at once (so {@link #metrics} lists it), as does a metric with more than
 * {@value #MAX_PENDING} samples waiting (the hour of backfill after an outage); an entity no
 * longer written (a removed VM) is written out two windows later; {@link #close()} writes
 * everything. Opening the store replays the log. With a flush interval of 0 every sample goes into
 * its file at once and there is no flusher.
 *
 * A sample is filed under the 20-s boundary at or before its timestamp, the same rounding as the
 * collector's ({@code epochSecond / 20 * 20}): vCenter's realtime timestamps are on boundaries
 * already, the simulator's are not, and consecutive samples 20 s apart always land in consecutive
 * steps. Samples at or before the metric's last
 * stored boundary are ignored (rrd4j refuses them), as are samples more than {@link
 * #FUTURE_TOLERANCE_SECONDS} ahead of the clock (a wrong clock would otherwise block the metric
 * until that time; a warning is logged). Before a sample that follows a hole the store writes an
 * explicit unknown, so the hole stays unknown and the sample still counts for its own step; {@code
 * NaN} and infinite values are stored as unknown.
 *
 * <h2>Crash safety</h2>
 *
 * <ul>
 *   <li>A sample the store accepted is in the write-ahead log before {@link #write} returns (one
 *       positional write per call); after {@code kill -9}, opening the store replays the log, so
 *       every accepted sample is still there. A record torn by the kill fails its checksum and is
 *       skipped with a warning; it is the last one, and the collector asks vCenter again for what
 *       it lacks (the realtime hour).
 *   <li>A new file is written complete to {@code <name>.rrd.tmp} and renamed into place atomically;
 *       a leftover temporary file is replaced on the next creation and removed by pruning.
 *   <li>An update reaches the file as one positional write of the whole file (see {@link
 *       WholeFileBackendFactory}), so {@code kill -9} leaves the old or the new content.
 *   <li>A file that rrd4j cannot open, or whose layout is not {@link RrdSchema}'s (truncated,
 *       garbage, wrong length), is moved aside to {@code <name>.rrd.corrupt} with a warning, never
 *       deleted, and a fresh file is started by the next write. A file that cannot be read for an
 *       I/O reason is left alone and reported as a {@link StoreException}.
 *   <li>An I/O failure while writing (disk full, read-only file system) throws {@link
 *       StoreException} naming the file and the cause, after trying the entity's other metrics;
 *       existing files are overwritten in place and never truncated, and a file being created only
 *       replaces nothing, so files already on disk stay readable.
 * </ul>
 *
 * No {@code fsync} is done. After a power cut, samples of up to a flush window may be missing for
 * some entities (the kernel writes dirty pages out within about 30 s, in no set order, so the
 * deletion of a log segment can reach the disk before the files it was written into), and a
 * damaged file is moved aside on its next use; the collector's backfill fetches the missing
 * samples again while vCenter still keeps them (an hour). Only one store may use a directory at a
 * time (not enforced).
 *
 * <h2>Threads</h2>
 *
 * Calls for one entity are serialized by a lock striped over entity ids; calls for different
 * entities run in parallel, and so does the flusher, entity by entity. {@link #close()} stops the
 * flusher, waits for running calls and writes what waits; later calls throw {@link
 * IllegalStateException}.
 *
 * <h2>Disk space</h2>
 *
 * Every metric file is {@value #BYTES_PER_METRIC_FILE} bytes, {@value #BYTES_PER_METRIC} bytes on
 * disk in 4 KiB blocks ({@link #bytesOnDisk(int)}), fixed from the first sample on:
 *
 * <table>
 *   <caption>Disk space per entity</caption>
 *   <tr><th>entity</th><th>metrics</th><th>on disk</th></tr>
 *   <tr><td>VM</td><td>12</td><td>344,064 B (336 KiB)</td></tr>
 *   <tr><td>datastore</td><td>4 (5 as the collector writes them today)</td><td>114,688 B
 *       (112 KiB); 143,360 B with 5</td></tr>
 *   <tr><td>host, 4 NICs, N datastores</td><td>15 + 2N (7 + 4 × 2 NIC + 2 latencies × N)</td>
 *       <td>(15 + 2N) × 28,672 B</td></tr>
 *   <tr><td>host, 4 NICs, 4 datastores</td><td>23</td><td>659,456 B (644 KiB)</td></tr>
 *   <tr><td>host, 4 NICs, 20 datastores</td><td>55</td><td>1,576,960 B (1.5 MiB)</td></tr>
 *   <tr><td>5,500 VMs + 200 hosts × 20 metrics</td><td>70,000</td><td>2,007,040,000 B (1.9
 *       GiB)</td></tr>
 * </table>
 *
 * The write-ahead log adds about 16 bytes per waiting sample (plus the names, per entity and
 * write): for 70,000 metrics at 3 samples a minute, ~4 MB per minute, in segments deleted once
 * their samples are in the files (or copied forward, for an entity whose files cannot be written),
 * so a few segments of ~20 MB at most at any time.
 */
public final class RrdHistoryStore implements HistoryStore {

  /** Length of every metric file: header, one data source, ten archives of 1,529 rows in total × 2. */
  public static final long BYTES_PER_METRIC_FILE = 25_416;

  /** Disk space of every metric file: {@link #BYTES_PER_METRIC_FILE} rounded up to 4 KiB blocks. */
  public static final long BYTES_PER_METRIC = 28_672;

  /** Samples further ahead of the clock than this are ignored. */
  public static final long FUTURE_TOLERANCE_SECONDS = 3_600;

  /**
   * Where the write-ahead log lives, under the store's directory; a leading dot is a name that no
   * entity's directory can have ({@link FileNames} encodes it).
   */
  static final String WAL_DIRECTORY = ".wal";

  /** How long samples wait before they are written into their files, by default. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMinutes(5);

  /**
   * A metric with more samples than this waiting (an hour of backfill after an outage, or files
   * that cannot be written) is written at once; bounds the memory the waiting samples take.
   */
  static final int MAX_PENDING = 60;

  private static final long FLUSH_TICK_NANOS = 1_000_000_000L;
  private static final long IDLE_NANOS = 1_000_000_000L;
  private static final long MAX_DUE_WAIT_NANOS = 20_000_000_000L;

  private static final Logger logger = LoggerFactory.getLogger(RrdHistoryStore.class);
  private static final int LOCK_STRIPES = 256;
  private static final long WARNING_INTERVAL_SECONDS = 600;

  private final Path root;
  private final Clock clock;
  private final long flushSeconds;
  private final MetricFiles files;
  private final ReentrantLock[] entityLocks = new ReentrantLock[LOCK_STRIPES];
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final WarningInterval futureWarning = new WarningInterval(WARNING_INTERVAL_SECONDS);
  private final WarningInterval flushWarning = new WarningInterval(WARNING_INTERVAL_SECONDS);
  /** Samples not yet in their files, by encoded entity id; each guarded by its entity's lock. */
  private final ConcurrentHashMap<String, PendingEntity> pending = new ConcurrentHashMap<>();
  /** Entities whose flush window closed: the flusher writes their files. */
  private final Set<String> due = ConcurrentHashMap.newKeySet();
  private volatile long lastWriteNanos = System.nanoTime();
  private volatile long dueSinceNanos;
  /**
   * Journal of the pending samples (empty when every write goes straight to the files). Set once
   * by {@link #open}, before the store is returned: its replay fills {@link #pending}.
   */
  private WriteAheadLog wal;
  private Thread flusher;
  private volatile boolean stopping;
  private boolean closed;

  private RrdHistoryStore(Path root, Clock clock, long flushSeconds) {
    this.root = root;
    this.clock = clock;
    this.flushSeconds = flushSeconds;
    this.files = new MetricFiles(root, clock, this::forgetFile);
    Arrays.setAll(entityLocks, i -> new ReentrantLock());
  }

  /**
   * Opens the store kept under {@code directory}, creating the directory if needed, with files
   * written every {@link #DEFAULT_FLUSH_INTERVAL}.
   *
   * @param clock tells the time for ignoring samples from the future, for the write-ahead log and
   *     for naming moved-aside files
   * @throws StoreException when the directory or the write-ahead log cannot be read or created
   */
  public static RrdHistoryStore open(Path directory, Clock clock) {
    return open(directory, clock, DEFAULT_FLUSH_INTERVAL);
  }

  /**
   * Opens the store kept under {@code directory}, replaying its write-ahead log.
   *
   * @param flushInterval how long samples may wait in memory (and in the write-ahead log) before
   *     they are written into their files: zero writes every sample into its file at once, else a
   *     multiple of 20 s up to an hour
   * @throws IllegalArgumentException when the interval is not one of those
   * @throws StoreException when the directory or the write-ahead log cannot be read or created
   */
  public static RrdHistoryStore open(Path directory, Clock clock, Duration flushInterval) {
    return open(directory, clock, flushInterval, true);
  }

  /**
   * Like {@link #open(Path, Clock, Duration)}; without the flusher thread when {@code flusher} is
   * false, for a caller that calls {@link #flushDue()} itself at moments of its choosing (the
   * benchmark, to time that work apart from the collection cycle).
   */
  public static RrdHistoryStore open(Path directory, Clock clock, Duration flushInterval, boolean flusher) {
    Objects.requireNonNull(clock, "clock");
    long flushSeconds = flushInterval.toSeconds();
    if (flushSeconds < 0
        || flushSeconds > 3_600
        || flushSeconds % RrdSchema.STEP != 0
        || flushInterval.toNanos() % 1_000_000_000L != 0) {
      throw new IllegalArgumentException(
          "flush interval must be 0 or a multiple of 20 s up to 1 h, not " + flushInterval);
    }
    Path root = directory.toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new StoreException(root, "cannot create history directory", e);
    }
    RrdHistoryStore store = new RrdHistoryStore(root, clock, flushSeconds);
    Path walDirectory = root.resolve(WAL_DIRECTORY);
    try {
      store.wal =
          WriteAheadLog.open(
              walDirectory, clock, Math.max(flushSeconds, RrdSchema.STEP), store::replayed);
    } catch (IOException e) {
      throw new StoreException(walDirectory, "cannot open the write-ahead log", e);
    }
    for (PendingEntity pe : store.pending.values()) {
      store.wal.retain(pe.walSegment);
    }
    store.wal.deleteReleased();
    if (!store.pending.isEmpty()) {
      logger.info(
          "Replayed the write-ahead log: samples of {} entities not yet in their files",
          store.pending.size());
      if (flushSeconds == 0) {
        store.flushAll("opening with a flush interval of 0");
      }
    }
    if (flushSeconds > 0 && flusher) {
      store.flusher = new Thread(store::flushLoop, "vscope-history-flush");
      store.flusher.setDaemon(true);
      store.flusher.start();
    }
    return store;
  }

  /**
   * What waits to be written into the files, for the store's own metrics.
   *
   * @param waitingEntities entities with samples not yet in their files
   * @param failingEntities entities whose files could not be written at the last attempt
   * @param logSegments segments of the write-ahead log on disk
   */
  public record Backlog(int waitingEntities, int failingEntities, int logSegments) {}

  /** A snapshot of the backlog; each entity is read under its lock. */
  public Backlog backlog() {
    int waiting = 0;
    int failing = 0;
    for (Map.Entry<String, PendingEntity> e : pending.entrySet()) {
      ReentrantLock lock = entityLock(e.getKey());
      lock.lock();
      try {
        waiting += e.getValue().isEmpty() ? 0 : 1;
        failing += e.getValue().flushFailure == null ? 0 : 1;
      } finally {
        lock.unlock();
      }
    }
    return new Backlog(waiting, failing, wal.segmentCount());
  }

  /** Disk space taken by the history of {@code metrics} metrics (see the table above). */
  public static long bytesOnDisk(int metrics) {
    return metrics * BYTES_PER_METRIC;
  }

  /** The directory holding the files. */
  public Path directory() {
    return root;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when the entity id or a metric name is empty or too long
   * @throws StoreException when a file could not be written; the other metrics were still tried
   */
  @Override
  public void write(String entityId, Map<String, List<Sample>> samplesByMetric) {
    String entity = FileNames.encode(entityId);
    long futureLimit = clock.instant().getEpochSecond() + FUTURE_TOLERANCE_SECONDS;
    List<MetricSamples> incoming = new ArrayList<>(samplesByMetric.size());
    int future = 0;
    for (Map.Entry<String, List<Sample>> e : samplesByMetric.entrySet()) {
      if (e.getValue() != null && !e.getValue().isEmpty()) {
        FileNames.encode(e.getKey()); // refuses an unusable name before anything is written
        MetricSamples m = usable(e.getKey(), e.getValue(), futureLimit);
        for (Sample sample : e.getValue()) {
          future += sample != null && sample.epochSecond() > futureLimit ? 1 : 0;
        }
        if (m.slots().length > 0) {
          incoming.add(m);
        }
      }
    }
    StoreException failure = null;
    if (!incoming.isEmpty()) {
      lockOpen();
      ReentrantLock lock = entityLock(entity);
      lock.lock();
      try {
        failure = accept(entityId, entity, incoming);
      } finally {
        lock.unlock();
        lifecycle.readLock().unlock();
      }
    }
    if (future > 0) {
      warnAboutFuture(entityId, future);
    }
    lastWriteNanos = System.nanoTime();
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Returns exactly {@code range.points()} points, {@code range.stepSeconds()} apart, the last
   * one at the last step boundary at or before {@code end} (boundaries are multiples of the step
   * since the epoch, so days are UTC days). A point at time {@code T} summarizes the step ending at
   * {@code T}, {@code (T - step, T]}; the step still in progress is not returned.
   *
   * @throws UnknownSeriesException when the metric of this entity has no history
   * @throws StoreException when the file cannot be read for an I/O reason
   */
  @Override
  public Series read(String entityId, String metric, TimeRange range, Instant end) {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(end, "end");
    Optional<Path> file = files.file(FileNames.tryEncode(entityId), metric);
    if (file.isEmpty()) {
      throw new UnknownSeriesException(entityId, metric);
    }
    long step = range.stepSeconds();
    int count = range.points();
    long first = Math.floorDiv(end.getEpochSecond(), step) * step - (count - 1) * step;
    double[] avg = null;
    double[] max = null;
    String entity = file.get().getParent().getFileName().toString();
    lockOpen();
    ReentrantLock lock = entityLock(entity);
    lock.lock();
    try {
      RrdDb existing = withPending(entity, metric, file.get());
      if (existing != null) {
        try (RrdDb db = existing) {
          int steps = RrdSchema.steps(range);
          avg = MetricFiles.points(db.getArchive(ConsolFun.AVERAGE, steps), first, count);
          max = MetricFiles.points(db.getArchive(ConsolFun.MAX, steps), first, count);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new StoreException(file.get(), "cannot read history file", e);
    } finally {
      lock.unlock();
      lifecycle.readLock().unlock();
    }
    if (avg == null) {
      throw new UnknownSeriesException(entityId, metric);
    }
    List<Series.Point> points = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      points.add(new Series.Point(first + i * step, avg[i], max[i]));
    }
    return new Series(entityId, metric, range, (int) step, points);
  }

  /**
   * Opens a metric file for reading; with the metric's pending samples applied in memory (to a
   * copy of the file, or to a new RRD if the file is gone), so reads see every accepted sample.
   * Null when there is neither file nor pending sample.
   */
  private RrdDb withPending(String entity, String metric, Path file) throws IOException {
    PendingEntity pe = pending.get(entity);
    PendingEntity.Samples waiting = pe == null ? null : pe.samples(metric);
    return waiting == null ? files.open(file, true) : files.withSamples(file, waiting.with(metric, null));
  }

  /** A file was moved aside as damaged: the next write creates it again. Under the entity lock. */
  private void forgetFile(Path file) {
    PendingEntity pe = pending.get(file.getParent().getFileName().toString());
    if (pe != null) {
      MetricFiles.metricName(file).ifPresent(pe.filed::remove);
    }
  }

  @Override
  public List<String> metrics(String entityId) {
    Optional<String> entity = FileNames.tryEncode(entityId);
    if (entity.isEmpty()) {
      return List.of();
    }
    Path dir = root.resolve(entity.get());
    List<String> metrics = new ArrayList<>();
    lockOpen();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + MetricFiles.SUFFIX)) {
      for (Path file : entries) {
        MetricFiles.metricName(file).ifPresent(metrics::add);
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      // no file yet: only pending samples, if any
    } catch (IOException e) {
      throw new StoreException(dir, "cannot list history directory", e);
    } finally {
      lifecycle.readLock().unlock();
    }
    PendingEntity pe = pending.get(entity.get());
    if (pe != null) {
      ReentrantLock lock = entityLock(entity.get());
      lock.lock();
      try {
        for (String metric : pe.metrics()) {
          if (!metrics.contains(metric)) {
            metrics.add(metric);
          }
        }
      } finally {
        lock.unlock();
      }
    }
    metrics.sort(null);
    return metrics;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The time is the 20-s boundary the last sample was filed under, read from the file or from
   * the samples still pending.
   */
  @Override
  public OptionalLong lastTimestamp(String entityId, String metric) {
    Optional<Path> file = files.file(FileNames.tryEncode(entityId), metric);
    if (file.isEmpty()) {
      return OptionalLong.empty();
    }
    String entity = file.get().getParent().getFileName().toString();
    lockOpen();
    ReentrantLock lock = entityLock(entity);
    lock.lock();
    try (RrdDb db = files.open(file.get(), true)) {
      long last = db == null ? Long.MIN_VALUE : db.getLastUpdateTime();
      PendingEntity pe = pending.get(entity);
      PendingEntity.Samples waiting = pe == null ? null : pe.samples(metric);
      if (waiting != null) {
        last = Math.max(last, waiting.newest());
      }
      return last == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(last);
    } catch (IOException e) {
      throw new StoreException(file.get(), "cannot read history file", e);
    } finally {
      lock.unlock();
      lifecycle.readLock().unlock();
    }
  }

  @Override
  public String location() {
    return root.toAbsolutePath().toString();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Deletes every metric file whose last sample is before {@code cutoff} (so a NIC that went
   * away loses its history too), and the entity's directory once no metric is left. Moved-aside
   * {@code .corrupt} files are kept (and so is their directory). Files and directories whose names
   * the store did not write are never touched.
   *
   * @return the number of entities left with no history by this call
   */
  @Override
  public int pruneNotUpdatedSince(Instant cutoff) {
    long cutoffSecond = cutoff.getEpochSecond();
    List<Path> entityDirs = new ArrayList<>();
    lockOpen();
    try {
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
        for (Path dir : dirs) {
          if (FileNames.decode(dir.getFileName().toString()).isPresent()) {
            entityDirs.add(dir);
          }
        }
      } catch (IOException e) {
        throw new StoreException(root, "cannot list history directory", e);
      }
      int removed = 0;
      for (Path dir : entityDirs) {
        if (pruneEntity(dir, cutoffSecond)) {
          removed++;
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

  /**
   * Waits for running calls, writes the pending samples into their files, then refuses new calls.
   * Holds no files between calls.
   */
  @Override
  public void close() {
    stopping = true;
    if (flusher != null) {
      LockSupport.unpark(flusher);
      try {
        flusher.join(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      flushAll("closing");
      try {
        wal.close();
      } catch (IOException e) {
        logger.warn("Cannot close the write-ahead log: {}", e.toString());
      }
      closed = true;
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  // --- writing -------------------------------------------------------------------------------

  /**
   * Files or journals an entity's new samples (under its lock); returns the first failure, having
   * tried every metric. A metric without a file gets one at once (so {@link #metrics} lists it);
   * the others wait in memory and in the write-ahead log until the entity's flush window closes.
   */
  private StoreException accept(String entityId, String entity, List<MetricSamples> samples) {
    PendingEntity pe = pending.computeIfAbsent(entity, k -> new PendingEntity(entityId));
    List<MetricSamples> incoming = new ArrayList<>(samples.size());
    long newest = Long.MIN_VALUE;
    // written here rather than by the flusher: with no flush interval, when too much waits, or
    // when the flusher failed (so the writer learns whether the files can be written now)
    boolean now = flushSeconds == 0 || pe.flushFailure != null;
    for (MetricSamples m : samples) {
      MetricSamples fresh = pe.newerThanPending(m);
      if (fresh.slots().length > 0) {
        incoming.add(fresh);
        newest = Math.max(newest, fresh.slots()[fresh.slots().length - 1]);
        PendingEntity.Samples waiting = pe.samples(m.metric());
        now |= (waiting == null ? 0 : waiting.size()) + fresh.slots().length > MAX_PENDING;
      }
    }
    if (incoming.isEmpty()) {
      return null;
    }
    long oldest = pe.oldest();
    boolean windowClosed =
        flushSeconds > 0 && oldest != Long.MAX_VALUE && window(entity, newest) > window(entity, oldest);
    pe.lastWritten = clock.instant().getEpochSecond();

    StoreException failure = null;
    List<MetricSamples> deferred = new ArrayList<>();
    for (MetricSamples m : incoming) {
      Path file = files.file(entity, m.metric());
      if (now || !hasFile(pe, m.metric(), file)) {
        failure = firstOf(failure, flush(pe, m.metric(), file, m));
      } else {
        deferred.add(m);
      }
    }
    if (now) {
      for (String metric : List.copyOf(pe.metrics())) {
        if (incoming.stream().noneMatch(m -> m.metric().equals(metric))) {
          failure = firstOf(failure, flush(pe, metric, files.file(entity, metric), null));
        }
      }
      pe.flushFailure = failure;
    }
    if (!deferred.isEmpty()) {
      try {
        long segment = wal.append(entityId, deferred, pe.walSegment < 0);
        pe.add(deferred);
        if (pe.walSegment < 0) {
          pe.walSegment = segment;
        }
      } catch (IOException e) {
        // A full disk refuses the log's appends but not, on ordinary file systems, updates in
        // place of the files, which are full-size from their creation on: write them directly.
        StoreException direct = null;
        for (MetricSamples m : deferred) {
          direct = firstOf(direct, flush(pe, m.metric(), files.file(entity, m.metric()), m));
        }
        if (direct != null) {
          direct.addSuppressed(e);
          failure = firstOf(failure, direct);
        }
      }
    }
    releaseIfFiled(pe);
    if (windowClosed && !pe.isEmpty() && due.add(entity) && due.size() == 1) {
      dueSinceNanos = System.nanoTime();
    }
    return failure;
  }

  /**
   * Writes a metric's pending samples, followed by {@code more} if not null, into its file; returns
   * the failure, if any (the pending samples then stay pending, {@code more} is not accepted).
   */
  private StoreException flush(PendingEntity pe, String metric, Path file, MetricSamples more) {
    PendingEntity.Samples waiting = pe.samples(metric);
    MetricSamples all = waiting == null ? more : waiting.with(metric, more);
    try {
      files.write(file, all);
    } catch (StoreException e) {
      return e;
    }
    pe.filed(metric);
    return null;
  }

  /** Writes everything the entity has pending; returns the first failure. Under the entity lock. */
  private StoreException flushEntity(String entity, PendingEntity pe) {
    StoreException failure = null;
    for (String metric : List.copyOf(pe.metrics())) {
      failure = firstOf(failure, flush(pe, metric, files.file(entity, metric), null));
    }
    releaseIfFiled(pe);
    pe.flushFailure = failure;
    return failure;
  }

  /**
   * Once an entity has nothing pending, its write-ahead log records are no longer needed. The
   * entity stays in {@link #pending} (with the metrics known to have files) until pruned.
   */
  private void releaseIfFiled(PendingEntity pe) {
    if (pe.isEmpty() && pe.walSegment >= 0) {
      wal.release(pe.walSegment);
      pe.walSegment = -1;
    }
  }

  /**
   * Writes everything pending into the files (closing, or opening with no flush interval); a
   * failure is logged and leaves the samples in the write-ahead log for the next start.
   */
  private void flushAll(String why) {
    int failed = 0;
    StoreException first = null;
    for (Map.Entry<String, PendingEntity> e : pending.entrySet()) {
      ReentrantLock lock = entityLock(e.getKey());
      lock.lock();
      try {
        StoreException f = flushEntity(e.getKey(), e.getValue());
        if (f != null) {
          failed++;
          first = firstOf(first, f);
        }
      } finally {
        lock.unlock();
      }
    }
    if (first != null) {
      logger.warn(
          "History of {} entities could not be written into their files ({}): {}; the samples stay"
              + " in the write-ahead log and are written at the next start",
          failed,
          why,
          first.getMessage());
    }
  }

  /**
   * The flusher's loop: writes the files of entities whose window closed, once the writers have
   * been idle for a second (between collection cycles, so the files are not written while a cycle
   * waits for them) or after {@link #MAX_DUE_WAIT_NANOS} at the latest (writers that are never
   * idle, such as many vCenters). Never dies: a failure is logged and the loop goes on.
   */
  private void flushLoop() {
    while (!stopping) {
      // parked, not interrupted, when closing: an interrupt would close a file channel mid-write
      LockSupport.parkNanos(FLUSH_TICK_NANOS);
      try {
        long t = System.nanoTime();
        if (!stopping
            && (t - lastWriteNanos >= IDLE_NANOS || (!due.isEmpty() && t - dueSinceNanos >= MAX_DUE_WAIT_NANOS))) {
          flushDue();
        }
      } catch (RuntimeException | Error e) {
        if (stopping) {
          return;
        }
        logger.error("History flusher: unexpected failure, going on", e);
      }
    }
  }

  /**
   * Writes the files of the entities whose window closed, and of those no longer written (a VM
   * that was removed, a vCenter that is down) whose oldest waiting sample is more than a window
   * old. A failure stays with the entity (its next write reports it) and is logged at most every
   * {@link #WARNING_INTERVAL_SECONDS}; the samples stay in memory and in the log.
   *
   * <p>The flusher calls this between collection cycles; a caller may call it to have the work
   * done now.
   *
   * @return the number of entities whose files were written
   */
  public int flushDue() {
    if (flushSeconds == 0) {
      return 0; // nothing waits
    }
    long now = clock.instant().getEpochSecond();
    int written = 0;
    int failed = 0;
    StoreException first = null;
    for (Map.Entry<String, PendingEntity> e : pending.entrySet()) {
      String entity = e.getKey();
      PendingEntity pe = e.getValue();
      lockOpen();
      ReentrantLock lock = entityLock(entity);
      lock.lock();
      try {
        long oldest = pe.oldest();
        boolean stale =
            oldest != Long.MAX_VALUE
                && window(entity, now) > window(entity, oldest) + 1
                && now >= pe.retryAfter;
        if (due.remove(entity) || stale) {
          StoreException f = flushEntity(entity, pe);
          if (f == null) {
            written++;
          } else {
            failed++;
            first = firstOf(first, f);
            pe.retryAfter = now + flushSeconds;
          }
        }
        if (!pe.isEmpty()) {
          first = firstOf(first, carryForward(pe));
        } else if (now - pe.lastWritten > 2 * flushSeconds) {
          pending.remove(entity, pe); // no longer written (a removed VM): forget it
        }
      } finally {
        lock.unlock();
        lifecycle.readLock().unlock();
      }
    }
    if (first != null && flushWarning.due(now)) {
      logger.warn(
          "History files of {} entities could not be written: {}; their samples stay in memory and"
              + " in the write-ahead log, tried again at the entity's next write or in {} s",
          failed,
          first.getMessage(),
          flushSeconds);
    }
    return written;
  }

  /**
   * Copies the samples of an entity whose files cannot be written (so it keeps waiting) into the
   * current segment of the log when its hold is on an older one: segments are deleted from the
   * oldest on, so one such entity would otherwise keep every later segment on disk. Its waiting
   * samples are bounded ({@value #MAX_PENDING} per metric), so the copy is too.
   */
  private StoreException carryForward(PendingEntity pe) {
    if (pe.walSegment >= wal.currentSegment() - 1) {
      return null;
    }
    List<MetricSamples> all = new ArrayList<>();
    for (String metric : pe.metrics()) {
      all.add(pe.samples(metric).with(metric, null));
    }
    try {
      long segment = wal.append(pe.entityId, all, true);
      wal.release(pe.walSegment);
      pe.walSegment = segment;
      return null;
    } catch (IOException e) {
      return new StoreException(root.resolve(WAL_DIRECTORY), "cannot write the write-ahead log", e);
    }
  }

  /**
   * The flush window of an entity at a time. Each entity's windows are shifted by a phase taken
   * from its id, so that the entities' files are written in turns, about {@code 20 s /
   * flushInterval} of them per 20 s, rather than all in the same collection cycle.
   */
  private long window(String entity, long epochSecond) {
    long phase = Math.floorMod(entity.hashCode(), flushSeconds / RrdSchema.STEP) * RrdSchema.STEP;
    return Math.floorDiv(epochSecond + phase, flushSeconds);
  }

  /** Whether a metric has a file: remembered once seen, so the file system is asked once. */
  private static boolean hasFile(PendingEntity pe, String metric, Path file) {
    if (pe.filed.contains(metric)) {
      return true;
    }
    if (Files.exists(file)) {
      pe.filed.add(metric);
      return true;
    }
    return false;
  }

  /** A record of the write-ahead log, read when the store opens. */
  private void replayed(long segment, String entityId, List<MetricSamples> samples) {
    Optional<String> entity = FileNames.tryEncode(entityId);
    if (entity.isEmpty()) {
      return;
    }
    PendingEntity pe = pending.computeIfAbsent(entity.get(), k -> new PendingEntity(entityId));
    List<MetricSamples> fresh = new ArrayList<>(samples.size());
    for (MetricSamples m : samples) {
      if (FileNames.tryEncode(m.metric()).isPresent()) {
        fresh.add(pe.newerThanPending(m));
      }
    }
    pe.add(fresh);
    if (pe.walSegment < 0 && !pe.isEmpty()) {
      pe.walSegment = segment;
    }
  }

  private static StoreException firstOf(StoreException first, StoreException next) {
    if (first == null) {
      return next;
    }
    if (next != null) {
      first.addSuppressed(next);
    }
    return first;
  }

  /**
   * The samples of a metric the store can keep: each filed under its 20-s slot, at most one per
   * slot (the first), in ascending order, none more than {@link #FUTURE_TOLERANCE_SECONDS} ahead of
   * the clock, {@code NaN} for values that are not finite.
   */
  private static MetricSamples usable(String metric, List<Sample> samples, long futureLimit) {
    long[] slots = new long[samples.size()];
    double[] values = new double[samples.size()];
    int n = 0;
    for (Sample s : samples) {
      if (s == null || s.epochSecond() > futureLimit) {
        continue;
      }
      long slot = slot(s.epochSecond());
      if (n > 0 && slot <= slots[n - 1]) {
        continue;
      }
      slots[n] = slot;
      values[n] = Double.isFinite(s.value()) ? s.value() : Double.NaN;
      n++;
    }
    return n == samples.size()
        ? new MetricSamples(metric, slots, values)
        : new MetricSamples(metric, Arrays.copyOf(slots, n), Arrays.copyOf(values, n));
  }

  /** The 20-s boundary at or before a sample time. */
  static long slot(long epochSecond) {
    return RrdSchema.slot(epochSecond);
  }

  private void warnAboutFuture(String entityId, int count) {
    long now = clock.instant().getEpochSecond();
    if (futureWarning.due(now)) {
      logger.warn(
          "Ignored {} samples of {} stamped more than {} s after this machine's time; is a"
              + " clock wrong? (next such warning in {} s at the earliest)",
          count,
          entityId,
          FUTURE_TOLERANCE_SECONDS,
          WARNING_INTERVAL_SECONDS);
    }
  }

  // --- files ---------------------------------------------------------------------------------

  private boolean pruneEntity(Path dir, long cutoffSecond) {
    String entity = dir.getFileName().toString();
    ReentrantLock lock = entityLock(entity);
    lock.lock();
    try {
      PendingEntity pe = pending.get(entity);
      if (pe != null) {
        // the files must hold the newest samples before their age is judged
        StoreException failure = flushEntity(entity, pe);
        if (failure != null) {
          // judged at the next pruning; the other entities are pruned meanwhile
          logger.warn("Did not prune {}: its newest samples cannot be written: {}", dir, failure.getMessage());
          return false;
        }
        pe.filed.clear(); // some may be deleted below
      }
      boolean deleted = false;
      boolean kept = false;
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path file : entries) {
          String name = file.getFileName().toString();
          if (name.endsWith(MetricFiles.TEMP_SUFFIX) && MetricFiles.metricName(file).isPresent()) {
            Files.deleteIfExists(file); // left over by a crash while creating
          } else if (name.endsWith(MetricFiles.SUFFIX) && MetricFiles.metricName(file).isPresent()) {
            long last;
            try (RrdDb db = files.open(file, true)) {
              if (db == null) {
                continue; // moved aside
              }
              last = db.getLastUpdateTime();
            }
            if (last < cutoffSecond) {
              Files.delete(file);
              deleted = true;
            } else {
              kept = true;
            }
          }
        }
      } catch (IOException e) {
        throw new StoreException(dir, "cannot prune history", e);
      }
      if (deleted && !kept) {
        pending.remove(entity);
        try {
          Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
          logger.info("Kept {}: it still holds files other than history, such as .corrupt", dir);
        } catch (IOException e) {
          throw new StoreException(dir, "cannot remove history directory", e);
        }
        return true;
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  private ReentrantLock entityLock(String encodedEntity) {
    return entityLocks[Math.floorMod(encodedEntity.hashCode(), LOCK_STRIPES)];
  }

  /** Takes the lifecycle read lock; the caller releases it. */
  private void lockOpen() {
    lifecycle.readLock().lock();
    if (closed) {
      lifecycle.readLock().unlock();
      throw new IllegalStateException("history store " + root + " is closed");
    }
  }
}
