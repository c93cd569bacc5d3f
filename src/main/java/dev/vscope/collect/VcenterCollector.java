package dev.vscope.collect;

import dev.vscope.LogText;
import dev.vscope.config.CollectorConfig;
import dev.vscope.config.EventsConfig;
import dev.vscope.config.VcenterConfig;
import dev.vscope.events.EventJournal;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.Sample;
import dev.vscope.vim.PerfCounter;
import dev.vscope.vim.VimClient;
import dev.vscope.vim.VimException;
import dev.vscope.vim.VimLoginException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects one vCenter: one cycle reads what changed in the inventory, every performance sample
 * since the last one stored, writes them to the history store and publishes a new snapshot. A
 * failed cycle keeps the previous snapshot and records the error, whatever it was (an
 * OutOfMemoryError too, after which the next cycles ask for less at once: {@link CycleLoad}); the
 * next one tries again, with the same session when vCenter still knows it. A cycle that backfills
 * reads every entity's newest sample first and publishes it, so that the dashboard is current
 * before the backfill is done. Last, a cycle reads vCenter's new events ({@link EventFollower}),
 * whose failures (a vCenter that refuses them) stay in their own part of the status and fail
 * nothing else. Cycles are serialized: {@link #cycle()} is synchronized.
 */
public final class VcenterCollector implements AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(VcenterCollector.class);
  private static final int DEFAULT_MAX_QUERY_METRICS = 256;

  private final VcenterConfig config;
  private final HistoryStore store;
  private final Clock clock;
  private final Function<VcenterConfig, VimClient> connector;
  private final long intervalSeconds;
  private final int pageSize;
  private final ExecutorService pool;
  private final int concurrency;
  private final CycleLoad load = new CycleLoad();

  private final BackfillBudget backfill;
  private final LastStored lastStored;
  private final SpaceOutlooks outlooks;
  private final DurationTrend durations = new DurationTrend();

  private EventFollower events;
  private VimClient vc;
  private InventoryTracker tracker;
  private PerfPlanner planner;
  private List<String> missingCounters = List.of();
  private final AtomicInteger maxMetrics = new AtomicInteger(DEFAULT_MAX_QUERY_METRICS);
  private volatile VcenterSnapshot snapshot;

  public VcenterCollector(
      VcenterConfig config, CollectorConfig collector, HistoryStore store, Clock clock, Function<VcenterConfig, VimClient> connector) {
    this.config = config;
    this.store = store;
    this.lastStored = new LastStored(store);
    this.outlooks = new SpaceOutlooks(store);
    this.clock = clock;
    this.connector = connector;
    this.intervalSeconds = collector.interval().toSeconds();
    this.backfill = new BackfillBudget(intervalSeconds);
    this.pageSize = collector.pageSize();
    this.concurrency = collector.concurrency();
    this.pool = Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "vscope-perf-" + config.name());
      t.setDaemon(true);
      return t;
    });
    this.snapshot = new VcenterSnapshot(null, Map.of(), Map.of(), VcenterStatus.starting(config.name(), intervalSeconds));
  }

  public String name() {
    return config.name();
  }

  public VcenterSnapshot snapshot() {
    return snapshot;
  }

  /**
   * Shows what vscope's previous run collected, marked as such, until this run's first cycle
   * succeeds (issue 15). Only before the first cycle: a cycle's own snapshot is never replaced.
   */
  synchronized void startFrom(SnapshotFile.Saved previous) {
    if (snapshot.status().state() == CollectionState.STARTING && snapshot.inventory() == null) {
      snapshot = new VcenterSnapshot(previous.inventory(), previous.latest(), previous.outlooks(),
          VcenterStatus.previousRun(config.name(), intervalSeconds, previous.collectedAt()));
    }
  }

  /** Runs one cycle; returns whether it succeeded. Never throws, not even an Error. */
  public synchronized boolean cycle() {
    Instant attempt = clock.instant();
    long started = System.nanoTime();
    try {
      boolean connecting = vc == null;
      connect();
      Inventory inv = tracker.refresh();
      lastStored.retainIn(inv);
      Instant now = vc.sessionManager().currentTime();
      List<EntityQuery> queries = planner.plan(inv, now, lastStored::of, load.backfill(interval()));
      PerfCollector.Limits limits = load.limits(concurrency);
      VcenterSnapshot before = snapshot;
      LatestValues values = new LatestValues();
      if (queries.stream().anyMatch(backfill::isBackfill)) {
        // Fresh first: an hour of backfill (the first cycle, after an outage) takes minutes at
        // tens of thousands of VMs, so every entity's newest sample is read and shown first. It is
        // not stored: the store ignores samples older than the last one stored, so the backfill,
        // which holds the same newest sample, must come first there.
        Map<String, Map<String, List<Sample>>> hosts = new ConcurrentHashMap<>();
        new PerfCollector(config.name(), vc.performanceManager(), pool, maxMetrics, limits, batch -> {
          values.add(batch);
          keepForDatastores(batch, hosts);
        }).collect(queries.stream().map(BackfillBudget::newestOnly).toList());
        values.add(derived(inv, now, hosts));
        snapshot = new VcenterSnapshot(inv, values.over(before.latest()), before.outlooks(), before.status());
      }
      // the entities beyond the backfill budget were shown by the pass above and wait for a next cycle
      List<EntityQuery> thisCycle = backfill.thisCycle(queries, connecting);
      if (thisCycle.size() < queries.size()) {
        logger.info("{}: backfilling {} of {} entities in this cycle, the others in the next ones", config.name(),
            thisCycle.stream().filter(backfill::isBackfill).count(), queries.stream().filter(backfill::isBackfill).count());
      }
      // each batch is stored as soon as it is answered, while vCenter answers the next ones
      StoreWrites stored = new StoreWrites(store, lastStored);
      Map<String, Map<String, List<Sample>>> hosts = new ConcurrentHashMap<>();
      PerfCollector.Result result = new PerfCollector(config.name(), vc.performanceManager(), pool, maxMetrics, limits, batch -> {
        stored.write(batch, true);
        values.add(batch);
        keepForDatastores(batch, hosts);
      }).collect(thisCycle);
      // then what the datastores get from the inventory and from their hosts' counters, the hosts' IOPS totals, and the clusters' usage
      Map<String, Map<String, List<Sample>>> derived = derived(inv, now, hosts);
      stored.write(derived, false);
      values.add(derived);
      Map<String, SpaceOutlook> outlook = outlooks.of(inv, now);
      // last: the dashboard's figures do not wait for the events, whose failures stay in their status
      EventsStatus eventsStatus = events == null ? before.status().events() : events.follow(vc, now);

      long ms = (System.nanoTime() - started) / 1_000_000;
      durations.add(ms);
      String error = stored.error();
      if (error != null) {
        logger.warn("{}: {}", config.name(), LogText.of(error));
      }
      Instant end = clock.instant();
      VcenterStatus.Next next = before.status().next().attempt(attempt).recentDurations(durations.recent())
          .skipped(result.skipped()).missingCounters(missingCounters).inventoryFallback(tracker.fallback()).events(eventsStatus).thisRun();
      VcenterStatus status = (error == null ? next.succeeded(end, ms) : next.failed(error, end, CollectionFailure.STORE).duration(ms)).build();
      snapshot = new VcenterSnapshot(inv, values.over(before.latest()), outlook, status);
      if (error != null) {
        return false;
      }
      load.succeeded();
      if (!result.skipped().isEmpty()) {
        logger.info("{}: cycle done in {} ms, {} entities skipped", config.name(), ms, result.skipped().size());
      } else {
        logger.debug("{}: cycle done in {} ms", config.name(), ms);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(attempt, started, "interrupted", CollectionFailure.INTERNAL);
      return false;
    } catch (VimLoginException e) {
      // the password may have changed: start from a fresh connection next time
      disconnect();
      fail(attempt, started, e.getMessage(), CollectionFailure.VCENTER);
      return false;
    } catch (VimException e) {
      fail(attempt, started, e.getMessage(), CollectionFailure.VCENTER);
      return false;
    } catch (OutOfMemoryError e) {
      // The cycle's samples and answers are unreachable now that its frames are gone. Ask for
      // less at once from the next cycle on (see CycleLoad); without -XX:+ExitOnOutOfMemoryError
      // (tests, java -jar) this is what keeps collection going.
      load.outOfMemory();
      failed(attempt, started, e, "the next cycles ask for less at once (level " + load.level() + " of " + CycleLoad.MAX_LEVEL + ")");
      return false;
    } catch (RuntimeException | Error e) {
      failed(attempt, started, e, null);
      return false;
    }
  }

  /** A failure nobody expected: logged with its stack trace, and shown in the status. */
  private void failed(Instant attempt, long started, Throwable e, String consequence) {
    String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    try {
      logger.error("{}: collection cycle failed{}", config.name(), consequence == null ? "" : "; " + consequence, e);
    } catch (Throwable ignored) {
      // out of memory even for the log line: the status still tells
    }
    fail(attempt, started, error, CollectionFailure.INTERNAL);
  }

  /**
   * Sets how many entities a cycle backfills at most; tests use small inventories. Vscope gives
   * each vCenter its share of {@link BackfillBudget#SHARED} ({@link #shareBackfillAmong}).
   */
  public void backfillBudget(int entities) {
    backfill.set(entities);
  }

  /** Takes this vCenter's share of the backfill budget when one vscope collects {@code vcenters}. */
  public void shareBackfillAmong(int vcenters) {
    backfill.shareAmong(vcenters);
  }

  public int backfillBudget() {
    return backfill.entities();
  }

  /**
   * Reads this vCenter's events into {@code journal} from now on, a part of each cycle (issue 13).
   * Without it, a collector reads no events (tests of other parts, benchmarks).
   */
  public synchronized void followEvents(EventJournal journal, EventsConfig eventsConfig) {
    this.events = new EventFollower(config.name(), journal, eventsConfig);
  }

  /**
   * Keeps the host samples the datastores' latency and IOPS, and the hosts' IOPS totals, are
   * derived from; the others are not kept past their batch.
   */
  private static void keepForDatastores(Map<String, Map<String, List<Sample>>> batch, Map<String, Map<String, List<Sample>>> hosts) {
    batch.forEach((id, metrics) -> metrics.forEach((metric, samples) -> {
      if (DatastoreSamples.uses(metric)) {
        hosts.computeIfAbsent(id, k -> new ConcurrentHashMap<>()).put(metric, samples);
      }
    }));
  }

  private Map<String, Map<String, List<Sample>>> derived(Inventory inv, Instant now, Map<String, Map<String, List<Sample>>> hosts) {
    Map<String, Map<String, List<Sample>>> derived = new HashMap<>();
    DatastoreSamples.add(inv, now, (int) intervalSeconds, hosts, derived);
    HostDiskSamples.add(hosts, derived);
    ClusterSamples.add(inv, now, (int) intervalSeconds, derived);
    return derived;
  }

  private void fail(Instant attempt, long started, String error, CollectionFailure cause) {
    long ms = (System.nanoTime() - started) / 1_000_000;
    VcenterSnapshot previous = snapshot;
    VcenterStatus s = previous.status();
    logger.warn("{}: collection failed: {}", config.name(), LogText.of(error));
    // a cycle that did not run to its end keeps the last full cycle's duration, when there is one
    VcenterStatus.Next next = s.next().attempt(attempt).failed(error, clock.instant(), cause).missingCounters(missingCounters)
        .inventoryFallback(tracker == null ? s.inventoryFallback() : tracker.fallback());
    snapshot = new VcenterSnapshot(previous.inventory(), previous.latest(), previous.outlooks(), (s.durationMs() == null ? next.duration(ms) : next).build());
  }

  private void connect() {
    if (vc != null) {
      return;
    }
    vc = connector.apply(config);
    tracker = new InventoryTracker(vc, clock, pageSize);
    Map<String, PerfCounter> catalog = vc.performanceManager().counters();
    planner = new PerfPlanner(catalog);
    missingCounters = planner.missingCounters();
    if (!missingCounters.isEmpty()) {
      logger.warn("{}: vCenter does not offer these counters, skipped: {}", config.name(), missingCounters);
    }
    maxMetrics.set(advertisedMaxQueryMetrics());
    logger.info("{}: connected to {} ({})", config.name(), config.url(), LogText.of(vc.serviceContent().fullName()));
  }

  /** vpxd.stats.maxQueryMetrics when the account may read it; else vCenter's default of 256. */
  private int advertisedMaxQueryMetrics() {
    if (vc.optionManager() == null) {
      return DEFAULT_MAX_QUERY_METRICS;
    }
    try {
      // vCenter keeps its advanced settings under "config."
      String v = vc.optionManager().query("config.vpxd.stats.maxQueryMetrics");
      int n = v == null ? DEFAULT_MAX_QUERY_METRICS : Integer.parseInt(v);
      // -1 means "no limit" in vCenter; keep batches reasonable anyway
      return n <= 0 ? 64 * PerfCollector.MAX_ENTITIES : n;
    } catch (VimException | NumberFormatException e) {
      logger.debug("{}: cannot read vpxd.stats.maxQueryMetrics ({}), using {}", config.name(), LogText.of(e.getMessage()), DEFAULT_MAX_QUERY_METRICS);
      return DEFAULT_MAX_QUERY_METRICS;
    }
  }

  private void disconnect() {
    if (events != null) {
      events.drop(vc); // its collector lives in the session about to end: freed now, as it is destroyed on every exit
    }
    if (tracker != null) {
      tracker.close();
    }
    if (vc != null) {
      vc.close();
    }
    tracker = null;
    vc = null;
  }

  /** Logs out of vCenter: vscope leaves no session behind. */
  @Override
  public synchronized void close() {
    pool.shutdownNow();
    disconnect();
  }

  /** How far a memory shortage lowered what a cycle asks at once, see {@link CycleLoad}. */
  int loadLevel() {
    return load.level();
  }

  /** The current batch limit in metrics per QueryPerf. */
  int maxQueryMetrics() {
    return maxMetrics.get();
  }

  Duration interval() {
    return Duration.ofSeconds(intervalSeconds);
  }
}
