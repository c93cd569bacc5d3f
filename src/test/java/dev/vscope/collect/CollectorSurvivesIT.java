package dev.vscope.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.config.CollectorConfig;
import dev.vscope.sim.Simulator;
import dev.vscope.store.ForwardingHistoryStore;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.embedded.EmbeddedHistoryStore;
import dev.vscope.store.Sample;
import dev.vscope.store.TimeRange;
import dev.vscope.store.StoreException;
import dev.vscope.testing.MutableClock;
import dev.vscope.testing.Sims;
import dev.vscope.vim.CallListener;
import dev.vscope.vim.VimException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: the collector survives its own failures, Errors included, and a cycle that backfills
 * shows fresh values first. Errors are injected through seams (a store that throws once, a call
 * listener that throws once), never by exhausting the heap.
 */
class CollectorSurvivesIT {

  private static final Pattern MAX_SAMPLE = Pattern.compile("<maxSample>(\\d+)</maxSample>");
  private static final Pattern ENTITY = Pattern.compile("<entity type=\"[^\"]*\">([^<]+)</entity>");

  @TempDir Path dir;
  Simulator sim;
  HistoryStore rrd;
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  final QueryPerfCalls calls = new QueryPerfCalls();

  @BeforeEach
  void start() throws Exception {
    // 40 VMs: more metrics than one QueryPerf takes, so that batch sizes show
    sim = Sims.start("-dc", "1", "-cluster", "1", "-host", "2", "-standalone-host", "0", "-vm", "20", "-ds", "2");
    rrd = EmbeddedHistoryStore.open(dir, Clock.systemUTC());
  }

  @AfterEach
  void stop() throws Exception {
    rrd.close();
    sim.close();
  }

  private VcenterCollector collector(HistoryStore store, CallListener listener) {
    return new VcenterCollector(Sims.config(sim, "sim"), CollectorConfig.defaults(), store, clock, c -> Vcenters.login(c, listener));
  }

  @Test
  void anOutOfMemoryErrorFailsTheCycleVisiblyAndTheNextCyclesAskForLess() throws Exception {
    AtomicBoolean thrown = new AtomicBoolean();
    HistoryStore failingOnce = new ForwardingHistoryStore(rrd) {
      @Override
      public Map<String, StoreException> writeAll(Map<String, Map<String, List<Sample>>> samplesByEntity) {
        if (thrown.compareAndSet(false, true)) {
          throw new OutOfMemoryError("Java heap space (injected)");
        }
        return super.writeAll(samplesByEntity);
      }
    };
    try (VcenterCollector c = collector(failingOnce, calls)) {
      calls.start();
      assertThat(c.cycle()).isFalse();
      List<QueryPerfCall> full = calls.stop();
      VcenterStatus failed = c.snapshot().status();
      assertThat(failed.state()).isEqualTo(CollectionState.FAILING);
      assertThat(failed.error()).isEqualTo("OutOfMemoryError: Java heap space (injected)");
      assertThat(failed.errorAt()).isEqualTo(clock.instant());
      assertThat(failed.lastSuccess()).isNull();
      assertThat(c.loadLevel()).isEqualTo(1);

      clock.advance(Duration.ofSeconds(60));
      calls.start();
      assertThat(c.cycle()).isTrue();
      List<QueryPerfCall> halved = calls.stop();
      VcenterStatus ok = c.snapshot().status();
      assertThat(ok.state()).isEqualTo(CollectionState.OK);
      assertThat(ok.error()).isNull();
      assertThat(ok.lastSuccess()).isEqualTo(clock.instant());
      assertThat(c.snapshot().latest()).isNotEmpty();

      // the cycle after the error: half the metrics per QueryPerf, half the backfill (30 minutes)
      int limit = c.maxQueryMetrics();
      assertThat(full).anySatisfy(q -> assertThat(q.metrics()).isGreaterThan(limit / 2));
      assertThat(halved).isNotEmpty().allSatisfy(q -> assertThat(q.metrics()).isLessThanOrEqualTo(limit / 2));
      assertThat(full).anySatisfy(q -> assertThat(q.maxSample()).isEqualTo(PerfPlanner.REALTIME_SAMPLES));
      assertThat(halved).allSatisfy(q -> assertThat(q.maxSample()).isLessThanOrEqualTo(PerfPlanner.REALTIME_SAMPLES / 2));

      // and it comes back in steps after successful cycles
      for (int i = 0; i < CycleLoad.RECOVER_AFTER; i++) {
        clock.advance(Duration.ofSeconds(60));
        assertThat(c.cycle()).isTrue();
      }
      assertThat(c.loadLevel()).isZero();
    }
  }

  @Test
  void anErrorWhileReadingTheInventoryFailsTheCycleAndTheNextOneReadsItWhole() throws Exception {
    AtomicBoolean armed = new AtomicBoolean();
    CallListener failingOnce = (method, body, nanos, failure) -> {
      // after vCenter answered: the tracker's version of the inventory is consumed, not applied
      if (method.equals("WaitForUpdatesEx") && armed.compareAndSet(true, false)) {
        throw new StackOverflowError("injected");
      }
    };
    try (VcenterCollector c = collector(rrd, failingOnce)) {
      assertThat(c.cycle()).isTrue();
      armed.set(true);
      int vms = c.snapshot().inventory().datacenters().get(0).vms().size();
      clock.advance(Duration.ofSeconds(60));
      assertThat(c.cycle()).isFalse();
      assertThat(c.snapshot().status().state()).isEqualTo(CollectionState.FAILING);
      assertThat(c.snapshot().status().error()).isEqualTo("StackOverflowError: injected");
      assertThat(c.loadLevel()).as("only an OutOfMemoryError lowers the load").isZero();

      clock.advance(Duration.ofSeconds(60));
      assertThat(c.cycle()).isTrue();
      assertThat(c.snapshot().status().state()).isEqualTo(CollectionState.OK);
      assertThat(c.snapshot().inventory().datacenters().get(0).vms()).hasSize(vms);
    }
  }

  @Test
  void aCycleThatBackfillsReadsAndShowsTheNewestSampleOfEveryEntityFirst() throws Exception {
    AtomicReference<VcenterSnapshot> atFirstWrite = new AtomicReference<>();
    AtomicReference<VcenterCollector> collector = new AtomicReference<>();
    HistoryStore watching = new ForwardingHistoryStore(rrd) {
      @Override
      public Map<String, StoreException> writeAll(Map<String, Map<String, List<Sample>>> samplesByEntity) {
        atFirstWrite.compareAndSet(null, collector.get().snapshot());
        return super.writeAll(samplesByEntity);
      }
    };
    try (VcenterCollector c = collector(watching, calls)) {
      collector.set(c);
      calls.start();
      assertThat(c.cycle()).isTrue();
      List<QueryPerfCall> first = calls.stop();

      // in the order they were answered: newest samples only, for every entity, then the backfill
      int fresh = 0;
      while (fresh < first.size() && first.get(fresh).maxSample() == 1) {
        fresh++;
      }
      List<QueryPerfCall> newest = first.subList(0, fresh);
      List<QueryPerfCall> backfill = first.subList(fresh, first.size());
      assertThat(newest).isNotEmpty();
      assertThat(backfill).isNotEmpty().allSatisfy(q -> assertThat(q.maxSample()).isGreaterThan(1));
      Set<String> freshEntities = new HashSet<>();
      newest.forEach(q -> freshEntities.addAll(q.entities()));
      Set<String> backfilled = new HashSet<>();
      backfill.forEach(q -> backfilled.addAll(q.entities()));
      assertThat(freshEntities).isEqualTo(backfilled);

      // before the backfill's first sample was stored, the dashboard had every running VM's values
      VcenterSnapshot early = atFirstWrite.get();
      assertThat(early.inventory()).isNotNull();
      assertThat(early.status().state()).isEqualTo(CollectionState.STARTING);
      List<Inventory.Vm> running = c.snapshot().inventory().datacenters().get(0).vms().stream()
          .filter(v -> v.powerState() == PowerState.POWERED_ON).toList();
      assertThat(running).isNotEmpty();
      assertThat(running).allSatisfy(v -> assertThat(early.latest(v.id(), "cpu.usage")).as(v.id()).isNotNull());

      // a steady cycle has nothing to backfill and asks once
      clock.advance(Duration.ofSeconds(60));
      sim.control("{\"clockOffsetSeconds\": 60}");
      calls.start();
      assertThat(c.cycle()).isTrue();
      List<QueryPerfCall> steady = calls.stop();
      assertThat(steady).isNotEmpty().allSatisfy(q -> assertThat(q.maxSample()).isGreaterThan(1).isLessThan(10));
    }
  }

  @Test
  void theFirstHourIsBackfilledOverSeveralCyclesWhenItExceedsTheBudgetAndNothingIsLeftOut() throws Exception {
    try (VcenterCollector c = collector(rrd, calls)) {
      c.backfillBudget(8);
      calls.start();
      assertThat(c.cycle()).isTrue();
      // the cycle that connects (login, catalog, whole inventory) backfills a quarter of the budget
      Set<String> firstCycle = backfilled(calls.stop());
      assertThat(firstCycle).hasSize(8 / BackfillBudget.CONNECTING_SHARE);
      // every running VM is on the dashboard at once, backfilled or not
      List<Inventory.Vm> running = c.snapshot().inventory().datacenters().get(0).vms().stream()
          .filter(v -> v.powerState() == PowerState.POWERED_ON).toList();
      assertThat(running).allSatisfy(v -> assertThat(c.snapshot().latest(v.id(), "cpu.usage")).as(v.id()).isNotNull());

      clock.advance(Duration.ofSeconds(60));
      calls.start();
      assertThat(c.cycle()).isTrue();
      // the next cycles the whole budget (a batch may mix in the five backfilled already)
      Set<String> secondCycle = backfilled(calls.stop());
      secondCycle.removeAll(firstCycle);
      assertThat(secondCycle).hasSize(8);

      int cycles = 2;
      while (running.stream().anyMatch(v -> rrd.lastTimestamp(v.id(), "cpu.usage").isEmpty())) {
        assertThat(cycles++).as("cycles to backfill every VM, 8 entities at a time").isLessThan(20);
        clock.advance(Duration.ofSeconds(60));
        assertThat(c.cycle()).isTrue();
      }
      // each VM got its hour when its turn came: more than 150 of the hour's 180 steps known
      for (Inventory.Vm v : running) {
        long last = rrd.lastTimestamp(v.id(), "cpu.usage").orElseThrow();
        long known = rrd.read(v.id(), "cpu.usage", TimeRange.HOUR, Instant.ofEpochSecond(last)).points().stream()
            .filter(p -> !Double.isNaN(p.avg())).count();
        assertThat(known).as(v.id()).isGreaterThan(150);
      }
    }
  }

  /**
   * Entities in calls that ask for more than a steady minute's samples (2 × three 20 s steps and
   * one, as the collector counts); a call may batch steady entities with them.
   */
  private static Set<String> backfilled(List<QueryPerfCall> calls) {
    Set<String> entities = new HashSet<>();
    calls.stream().filter(q -> q.maxSample() > 7).forEach(q -> entities.addAll(q.entities()));
    return entities;
  }

  @Test
  void anErrorAfterACycleDoesNotStopTheScheduleEvenWhenLoggingItFails() throws Exception {
    CollectorConfig everySecond = new CollectorConfig(Duration.ofSeconds(1), null, null);
    VcenterCollector c = new VcenterCollector(Sims.config(sim, "sim"), everySecond, rrd, clock, Vcenters::login);
    AtomicInteger told = new AtomicInteger();
    CountDownLatch second = new CountDownLatch(2);
    try (CollectorScheduler scheduler = new CollectorScheduler(List.of(c), rrd, Duration.ofDays(30), clock, (snapshot, nanos) -> {
      second.countDown();
      if (told.incrementAndGet() == 1) {
        throw new HeapExhausted();
      }
    })) {
      scheduler.start();
      assertThat(second.await(60, TimeUnit.SECONDS)).as("a cycle ran after the Error").isTrue();
    }
  }

  /**
   * An OutOfMemoryError on a heap so full that logging it fails too: printing its stack trace asks
   * for its message, which runs out of memory again.
   */
  static final class HeapExhausted extends OutOfMemoryError {
    @Override
    public String getLocalizedMessage() {
      throw new OutOfMemoryError("Java heap space (injected, while logging)");
    }
  }

  /** One recorded QueryPerf: the entities it asked for, its largest maxSample and its metric count. */
  record QueryPerfCall(List<String> entities, int maxSample, int metrics) {}

  /** Records QueryPerf calls in the order they were answered (the listener runs when an answer is parsed). */
  static final class QueryPerfCalls implements CallListener {
    private final List<QueryPerfCall> calls = new ArrayList<>();
    private boolean recording;

    synchronized void start() {
      calls.clear();
      recording = true;
    }

    synchronized List<QueryPerfCall> stop() {
      recording = false;
      return List.copyOf(calls);
    }

    @Override
    public synchronized void called(String method, String body, long nanos, VimException failure) {
      if (!recording || !method.equals("QueryPerf")) {
        return;
      }
      List<String> entities = new ArrayList<>();
      Matcher e = ENTITY.matcher(body);
      while (e.find()) {
        entities.add(e.group(1));
      }
      int maxSample = 0;
      Matcher m = MAX_SAMPLE.matcher(body);
      while (m.find()) {
        maxSample = Math.max(maxSample, Integer.parseInt(m.group(1)));
      }
      calls.add(new QueryPerfCall(entities, maxSample, body.split("<metricId>", -1).length - 1));
    }
  }
}
