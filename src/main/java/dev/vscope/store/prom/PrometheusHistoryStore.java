package dev.vscope.store.prom;

import dev.vscope.store.HistoryStore;
import dev.vscope.store.Sample;
import dev.vscope.store.SampleRules;
import dev.vscope.store.Series;
import dev.vscope.store.StoreException;
import dev.vscope.store.StoreMetric;
import dev.vscope.store.TimeRange;
import dev.vscope.store.UnknownSeriesException;
import dev.vscope.store.WarningInterval;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link HistoryStore} kept in a Prometheus-compatible engine (Prometheus with its
 * remote-write receiver, VictoriaMetrics, Mimir, ...): samples go out with remote write 1.0,
 * graphs are read back with PromQL.
 *
 * <h2>Series</h2>
 *
 * Each (entity, metric) is one series {@code vscope_history{entity, metric, vcenter}}; see {@link
 * SeriesKey}.
 *
 * <h2>Writing</h2>
 *
 * Like {@code RrdHistoryStore}, each sample is stamped at the 20-s boundary nearest its time
 * (vCenter's realtime samples are already on boundaries), samples at or before the last one
 * written for the series are ignored (the collector sends overlapping windows), and samples more
 * than {@value SampleRules#FUTURE_TOLERANCE_SECONDS} s ahead of the clock are ignored with a warning: a
 * sample from a wrong clock would make the engine refuse every later, correct one as out of
 * order. Unknown ({@code NaN}, infinite) values are not sent: a gap is an absent sample. The last
 * written time of each series is kept in memory; after a restart it is learnt from the buffered
 * records and, by {@link #lastTimestamp}, from the engine.
 *
 * <p>{@link #write} appends the samples to an on-disk {@link SegmentBuffer} and returns (they are
 * fsync'd within {@code 200 ms}, see there why not at once);
 * a {@link RemoteWriteSender} thread delivers them in order, retrying as long as the engine is down
 * and giving up only records the engine rejects (see there why a rejected record must not block
 * the rest). So a write succeeds while the engine is down, and nothing is lost by a restart of
 * vscope or of the engine. A write that cannot be buffered (disk full) throws a {@link
 * StoreException}; what was buffered before stays.
 *
 * <h2>Reading</h2>
 *
 * {@link #read} returns the same shape as the embedded store: exactly {@code range.points()}
 * points, the last at the last step boundary at or before {@code end}, the point at T being the
 * average and the maximum of the samples in (T - step, T], {@code NaN} where there is none. Unlike
 * rrd4j (which needs half of a step's 20-s samples known), one known sample is enough for a point.
 * Samples still in the buffer (engine down) are not visible to reads until delivered.
 *
 * <h2>Retention</h2>
 *
 * The engine's: {@link #pruneNotUpdatedSince} removes nothing there.
 */
public final class PrometheusHistoryStore implements HistoryStore {

  /** Samples further ahead of the clock than this are ignored (as the embedded store does). */

  /**
   * How far back {@link #lastTimestamp} looks in the engine. The collector only backfills what
   * vCenter still holds at realtime resolution, an hour; an older last sample means "none".
   */
  static final long LAST_TIMESTAMP_WINDOW_SECONDS = 3_600;

  /** How far back series are listed: a year of graphs plus vscope's default 400-day retention. */
  static final Duration SERIES_LOOKBACK = Duration.ofDays(400);

  private static final Logger logger = LoggerFactory.getLogger(PrometheusHistoryStore.class);
  private static final long FUTURE_WARNING_INTERVAL_SECONDS = 600;

  private final PrometheusStoreConfig config;
  private final Clock clock;
  private final SegmentBuffer buffer;
  private final RemoteWriteSender sender;
  private final PromQueryClient queries;
  /** Changed only under {@link #writeLock}, so a write's filtering and its buffering are atomic. */
  private final WrittenSeries written = new WrittenSeries();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final AtomicBoolean pruneExplained = new AtomicBoolean();
  private final WarningInterval futureWarning = new WarningInterval(FUTURE_WARNING_INTERVAL_SECONDS);
  private volatile boolean closed;

  private PrometheusHistoryStore(
      PrometheusStoreConfig config, Clock clock, SegmentBuffer buffer, Backoff backoff) {
    this.config = config;
    this.clock = clock;
    this.buffer = buffer;
    // HTTP/1.1: Prometheus (Go) does not speak cleartext HTTP/2, and the JDK's upgrade attempt
    // buys nothing. TLS uses the JDK's default trust store and hostname verification.
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.queries = new PromQueryClient(http, config.readUrl(), config.authorization(), config.timeout());
    this.sender =
        new RemoteWriteSender(
            buffer,
            new RemoteWriteClient(http, config.writeUrl(), config.authorization(), config.timeout()),
            backoff);
  }

  /**
   * Opens the store: recovers the buffer under {@code config.bufferPath()} and starts sending what
   * it holds. Does not contact the engine, so vscope starts while the engine is down.
   *
   * @throws StoreException when the buffer directory cannot be used
   */
  public static PrometheusHistoryStore open(PrometheusStoreConfig config, Clock clock) {
    return open(
        config,
        clock,
        SegmentBuffer.DEFAULT_SEGMENT_BYTES,
        java.nio.channels.FileChannel::open,
        new Backoff(Backoff.DEFAULT_INITIAL, Backoff.DEFAULT_MAX));
  }

  /** {@link #open(PrometheusStoreConfig, Clock)} with the knobs tests turn. */
  static PrometheusHistoryStore open(
      PrometheusStoreConfig config,
      Clock clock,
      long segmentBytes,
      SegmentBuffer.ChannelOpener opener,
      Backoff backoff) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    Path dir = config.bufferPath().toAbsolutePath().normalize();
    SegmentBuffer buffer;
    try {
      buffer = SegmentBuffer.open(dir, segmentBytes, SegmentBuffer.DEFAULT_SYNC_INTERVAL, opener);
    } catch (IOException e) {
      throw new StoreException(dir, "cannot open the remote-write buffer", e);
    }
    PrometheusHistoryStore store = new PrometheusHistoryStore(config, clock, buffer, backoff);
    try {
      store.learnFromBuffer();
    } catch (IOException e) {
      try {
        buffer.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new StoreException(dir, "cannot read the remote-write buffer", e);
    }
    store.sender.start();
    logger.info("History goes to {} (read from {}), buffered in {}", config.writeUrl(), config.readUrl(), dir);
    return store;
  }

  /** Sets each series' last written time from the records still waiting in the buffer. */
  private void learnFromBuffer() throws IOException {
    Position pos = buffer.acked();
    while (true) {
      SegmentBuffer.Batch batch = buffer.read(pos, 10_000, 16L << 20);
      if (batch.entries().isEmpty()) {
        return;
      }
      for (SegmentBuffer.Entry entry : batch.entries()) {
        WriteRecord record;
        try {
          record = RecordCodec.decode(entry.payload());
        } catch (IOException e) {
          continue; // the sender reports it
        }
        for (WriteRecord.MetricSamples m : record.metrics()) {
          if (!m.samples().isEmpty()) {
            long last = m.samples().get(m.samples().size() - 1).timestampMs() / 1000;
            written.advance(new SeriesKey(record.entity(), m.metric()), last);
          }
        }
      }
      pos = batch.next();
    }
  }

  // --- writing -------------------------------------------------------------------------------

  /**
   * {@inheritDoc}
   *
   * <p>Returns once the samples are in the on-disk buffer (safe from a crash of vscope; from a
   * power cut once fsync'd, within {@code 200 ms}), usually before the engine has them.
   *
   * @throws IllegalArgumentException when the entity id or a metric name is empty
   * @throws StoreException when the samples cannot be buffered (disk full, I/O error); nothing of
   *     this call was kept, and the samples may be written again
   */
  @Override
  public void write(String entityId, Map<String, List<Sample>> samplesByMetric) {
    requireName("entity id", entityId);
    long futureLimit = clock.instant().getEpochSecond() + SampleRules.FUTURE_TOLERANCE_SECONDS;
    int future = 0;
    writeLock.lock();
    try {
      ensureOpen();
      List<WriteRecord.MetricSamples> kept = new ArrayList<>();
      Map<SeriesKey, Long> advanced = new HashMap<>();
      // sorted, so a record's layout does not depend on the map the caller used
      for (Map.Entry<String, List<Sample>> e : new TreeMap<>(samplesByMetric).entrySet()) {
        requireName("metric name", e.getKey());
        if (e.getValue() == null) {
          continue;
        }
        SeriesKey key = new SeriesKey(entityId, e.getKey());
        WrittenSeries.Filtered f = written.filter(key, e.getValue(), futureLimit);
        future += f.future();
        advanced.put(key, f.last());
        if (!f.samples().isEmpty()) {
          kept.add(new WriteRecord.MetricSamples(e.getKey(), f.samples()));
        }
      }
      if (!kept.isEmpty()) {
        try {
          buffer.append(RecordCodec.encode(new WriteRecord(entityId, kept)));
        } catch (IOException e) {
          throw new StoreException(
              buffer.directory(), "cannot buffer samples of " + entityId + " for remote write in", e);
        }
      }
      // only now: after a failed append, the same samples must be accepted again
      advanced.forEach(written::advance);
    } finally {
      writeLock.unlock();
    }
    if (future > 0) {
      warnAboutFuture(entityId, future);
    }
  }

  private void warnAboutFuture(String entityId, int count) {
    long now = clock.instant().getEpochSecond();
    if (futureWarning.due(now)) {
      logger.warn(
          "Ignored {} samples of {} stamped more than {} s after this machine's time; is a clock"
              + " wrong? (next such warning in {} s at the earliest)",
          count,
          entityId,
          SampleRules.FUTURE_TOLERANCE_SECONDS,
          FUTURE_WARNING_INTERVAL_SECONDS);
    }
  }

  // --- reading -------------------------------------------------------------------------------

  /**
   * {@inheritDoc}
   *
   * <p>One {@code query_range} request (see {@link PromQl#avgAndMax}); when it finds nothing, a
   * second one asks whether the series exists at all.
   *
   * @throws UnknownSeriesException when the engine has no such series and none was written here
   * @throws StoreException (a {@link RemoteStoreException}) when the engine cannot be asked
   */
  @Override
  public Series read(String entityId, String metric, TimeRange range, Instant end) {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(end, "end");
    ensureOpen();
    if (entityId == null || entityId.isEmpty() || metric == null || metric.isEmpty()) {
      throw new UnknownSeriesException(entityId, metric);
    }
    SeriesKey key = new SeriesKey(entityId, metric);
    long step = range.stepSeconds();
    int count = range.points();
    long first = SampleRules.firstPoint(range, end);
    long last = first + (count - 1) * step;
    double[] avg = new double[count];
    double[] max = new double[count];
    Arrays.fill(avg, Double.NaN);
    Arrays.fill(max, Double.NaN);
    boolean found = false;
    for (PromQueryClient.RangeSeries series : queries.queryRange(PromQl.avgAndMax(key, step), first, last, step)) {
      String agg = series.labels().get(PromQl.AGG_LABEL);
      double[] target = "avg".equals(agg) ? avg : "max".equals(agg) ? max : null;
      if (target == null) {
        continue;
      }
      for (PromQueryClient.Point p : series.points()) {
        long offset = p.epochSecond() - first;
        if (offset >= 0 && offset % step == 0 && offset / step < count) {
          target[(int) (offset / step)] = p.value();
          found = true;
        }
      }
    }
    if (!found && !exists(key)) {
      throw new UnknownSeriesException(entityId, metric);
    }
    List<Series.Point> points = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      points.add(new Series.Point(first + i * step, avg[i], max[i]));
    }
    return new Series(entityId, metric, range, (int) step, points);
  }

  /** Whether the series was written here or the engine has it (within the lookback). */
  private boolean exists(SeriesKey key) {
    if (written.contains(key)) {
      return true;
    }
    long now = clock.instant().getEpochSecond();
    return queries.seriesExists(
        PromQl.selector(key), now - SERIES_LOOKBACK.toSeconds(), now + SampleRules.FUTURE_TOLERANCE_SECONDS);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The engine's metrics of the entity (over {@link #SERIES_LOOKBACK}) and those written here.
   *
   * @throws StoreException (a {@link RemoteStoreException}) when the engine cannot be asked
   */
  @Override
  public List<String> metrics(String entityId) {
    ensureOpen();
    if (entityId == null || entityId.isEmpty()) {
      return List.of();
    }
    long now = clock.instant().getEpochSecond();
    TreeSet<String> names =
        new TreeSet<>(
            queries.labelValues(
                SeriesKey.METRIC_LABEL,
                PromQl.entitySelector(entityId),
                now - SERIES_LOOKBACK.toSeconds(),
                now + SampleRules.FUTURE_TOLERANCE_SECONDS));
    names.addAll(written.metricsOf(entityId));
    return List.copyOf(names);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Known here for every series written since start (or still buffered); otherwise asked of the
   * engine, which answers for the entity's metrics with a sample in the last {@value
   * #LAST_TIMESTAMP_WINDOW_SECONDS} s, and remembered.
   *
   * @throws StoreException (a {@link RemoteStoreException}) when the engine must be asked and
   *     cannot be: guessing "nothing stored" would make the caller send samples the engine already
   *     has, which it would refuse as out of order
   */
  @Override
  public OptionalLong lastTimestamp(String entityId, String metric) {
    ensureOpen();
    if (entityId == null || entityId.isEmpty() || metric == null || metric.isEmpty()) {
      return OptionalLong.empty();
    }
    SeriesKey key = new SeriesKey(entityId, metric);
    OptionalLong known = written.last(key);
    if (known.isPresent()) {
      return known;
    }
    // Evaluated ahead by the future tolerance, so samples written with a clock slightly ahead
    // count; the subquery then covers (now - window, now + tolerance].
    long at = clock.instant().getEpochSecond() + SampleRules.FUTURE_TOLERANCE_SECONDS;
    List<PromQueryClient.InstantSample> answer =
        queries.query(
            PromQl.lastTimestamps(
                entityId, LAST_TIMESTAMP_WINDOW_SECONDS + SampleRules.FUTURE_TOLERANCE_SECONDS, WrittenSeries.STEP_SECONDS),
            at);
    writeLock.lock();
    try {
      for (PromQueryClient.InstantSample s : answer) {
        String m = s.labels().get(SeriesKey.METRIC_LABEL);
        if (m != null && Double.isFinite(s.value())) {
          written.advance(new SeriesKey(entityId, m), Math.round(s.value()));
        }
      }
    } finally {
      writeLock.unlock();
    }
    return written.last(key);
  }

  /**
   * Removes nothing: a remote engine keeps history for its own retention time, which is where
   * retention is configured. Forgets the last written times of series not written since {@code
   * cutoff}, so that memory does not grow with entities that went away.
   *
   * @return 0
   */
  @Override
  public int pruneNotUpdatedSince(Instant cutoff) {
    if (pruneExplained.compareAndSet(false, true)) {
      logger.debug(
          "Pruning is not done on {}: the engine's retention settings decide how long history is"
              + " kept",
          config.readUrl());
    }
    long cutoffSecond = cutoff.getEpochSecond();
    writeLock.lock();
    try {
      written.forgetBefore(cutoffSecond);
    } finally {
      writeLock.unlock();
    }
    return 0;
  }

  // --- lifecycle -----------------------------------------------------------------------------

  /** The engine, as its readers know it, and the buffer in front of it; without any userinfo of the URLs. */
  @Override
  public String location() {
    URI read = config.readUrl();
    String engine = read.getScheme() + "://" + read.getHost() + (read.getPort() < 0 ? "" : ":" + read.getPort()) + read.getRawPath();
    return "the Prometheus-compatible engine at " + engine + " buffered in " + buffer.directory().toAbsolutePath();
  }

  /**
   * The buffer's backlog: bytes the engine has not accepted yet (growing while it is down, see
   * docs/operations.md) and records it refused outright and that were given up.
   */
  @Override
  public List<StoreMetric> stateMetrics() {
    return List.of(
        StoreMetric.gauge("vscope_history_buffer_pending_bytes",
            "Bytes of samples in the on-disk buffer that the Prometheus-compatible engine has not accepted yet", this::pendingBytes),
        StoreMetric.counter("vscope_history_rejected_records",
            "Buffered records the engine refused outright (a 4xx other than 429), given up since start", this::rejectedRecords));
  }

  /** Bytes waiting in the buffer for the engine. */
  public long pendingBytes() {
    return buffer.pendingBytes();
  }

  /** Records the sender gave up because the engine rejected them, since start. */
  public long rejectedRecords() {
    return sender.rejected();
  }

  /** Waits until the buffer is empty; false when {@code timeout} passed first. For tests. */
  boolean awaitDelivered(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (buffer.pendingBytes() > 0) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /**
   * Stops the sender (a request in progress gets the configured timeout to finish) and closes the
   * buffer; undelivered samples stay on disk for the next start. Later calls throw {@link
   * IllegalStateException}.
   */
  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      writeLock.unlock();
    }
    try {
      sender.stop(config.timeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      buffer.close();
    } catch (IOException e) {
      logger.warn("Closing the remote-write buffer {}: {}", buffer.directory(), e.toString());
    }
    long pending = buffer.pendingBytes();
    if (pending > 0) {
      logger.info("{} bytes of history not yet delivered stay in {} for the next start", pending, buffer.directory());
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("history store " + config.readUrl() + " is closed");
    }
  }

  private static void requireName(String what, String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("empty " + what);
    }
  }
}
