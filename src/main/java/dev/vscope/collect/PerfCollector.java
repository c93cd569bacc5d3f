package dev.vscope.collect;

import dev.vscope.LogText;
import dev.vscope.store.Sample;
import dev.vscope.vim.PerfEntityMetrics;
import dev.vscope.vim.PerfQuerySpec;
import dev.vscope.vim.PerformanceManager;
import dev.vscope.vim.VimFault;
import dev.vscope.vim.VimFaultException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a cycle's performance queries: batches of at most 50 entities and {@code
 * vpxd.stats.maxQueryMetrics} metrics (less when memory ran short, see {@link CycleLoad}), a few at
 * a time, in the order given. When vCenter says a batch is too large the limit is halved, for this
 * batch and the ones after. When a batch faults for another reason (a VM removed mid-cycle), its
 * entities are asked one by one, so one bad entity costs only itself. Each batch's samples go to a
 * {@link BatchSink} as soon as they are decoded and are not kept here: storing them overlaps with
 * vCenter answering the next batches, and a cycle holds only the samples of the batches in flight.
 */
final class PerfCollector {

  private static final Logger logger = LoggerFactory.getLogger(PerfCollector.class);
  static final int MAX_ENTITIES = 50;
  /** How long a failed cycle waits for its other queries' batches in flight before it goes on. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(60);

  private final String vcenter;
  private final PerformanceManager perf;
  private final ExecutorService pool;
  private final AtomicInteger maxMetrics;
  private final Limits limits;
  private final BatchSink sink;

  /** Receives the samples of each answered batch, on the thread that ran the batch. */
  @FunctionalInterface
  interface BatchSink {
    /** Must not throw but for an Error: a sink handles its own failures. */
    void accept(Map<String, Map<String, List<Sample>>> samplesByEntity);
  }

  /**
   * How a cycle's queries are cut and run.
   *
   * @param maxEntities entities per QueryPerf, at most {@link #MAX_ENTITIES}
   * @param metricsDivisor vCenter's metric limit per QueryPerf is divided by it
   * @param parallel QueryPerf calls in flight, at most the pool's threads
   */
  record Limits(int maxEntities, int metricsDivisor, int parallel) {

    /** The metrics per QueryPerf under vCenter's current limit. */
    int maxMetrics(int vcenterLimit) {
      return Math.max(1, vcenterLimit / metricsDivisor);
    }
  }

  /** The entities that could not be read in a cycle, with why. */
  record Result(Map<String, String> skipped) {}

  PerfCollector(String vcenter, PerformanceManager perf, ExecutorService pool, AtomicInteger maxMetrics, Limits limits, BatchSink sink) {
    this.vcenter = vcenter;
    this.perf = perf;
    this.pool = pool;
    this.maxMetrics = maxMetrics;
    this.limits = limits;
    this.sink = sink;
  }

  /**
   * Runs the queries, at most {@code limits.parallel()} at a time, starting them in the order given.
   * Vim faults of single entities end up in {@link Result#skipped()}; anything else (a network
   * error, an Error such as OutOfMemoryError) stops the other queries and is thrown as it was.
   */
  Result collect(List<EntityQuery> queries) throws InterruptedException {
    Map<String, String> skipped = new ConcurrentHashMap<>();
    Queue<List<EntityQuery>> todo = new ConcurrentLinkedQueue<>(batches(queries, limits.maxEntities(), limits.maxMetrics(maxMetrics.get())));
    AtomicBoolean stop = new AtomicBoolean();
    Workers workers = new Workers(Math.min(limits.parallel(), todo.size()));
    List<Future<?>> running = new ArrayList<>();
    for (int i = workers.count(); i > 0; i--) {
      running.add(pool.submit(() -> {
        try {
          for (List<EntityQuery> batch = todo.poll(); batch != null && !stop.get(); batch = todo.poll()) {
            runBatch(batch, skipped);
          }
        } catch (RuntimeException | Error e) {
          stop.set(true); // the cycle fails: the other workers take no further batch
          throw e;
        } finally {
          workers.ended();
        }
      }));
    }
    try {
      for (Future<?> f : running) {
        f.get();
      }
    } catch (ExecutionException e) {
      stop.set(true);
      workers.await(vcenter);
      // runBatch handles vCenter faults itself; anything else is a cycle failure
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(vcenter + ": performance query failed", cause);
    } catch (InterruptedException e) {
      stop.set(true);
      workers.await(vcenter);
      throw e;
    }
    return new Result(skipped);
  }

  /**
   * Counts the workers of one collect still running. A failed cycle waits until each has ended
   * its batch in flight, so that none of them still writes (or records an answer) when the next
   * cycle starts: a cancelled Future returns at once while its query runs on. They are not
   * interrupted: an interrupt closes the file channel a store write is using.
   */
  private static final class Workers {
    private final CountDownLatch running;

    Workers(int count) {
      this.running = new CountDownLatch(count);
    }

    int count() {
      return (int) running.getCount();
    }

    void ended() {
      running.countDown();
    }

    /** Waits for the batches in flight; vCenter's request timeout bounds each. */
    void await(String vcenter) {
      boolean interrupted = false;
      try {
        while (true) {
          try {
            if (!running.await(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
              logger.warn("{}: a failed cycle's performance queries still run after {} s", vcenter, STOP_WAIT.toSeconds());
            }
            return;
          } catch (InterruptedException e) {
            interrupted = true; // the caller is stopping: still wait, then tell it
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private void runBatch(List<EntityQuery> batch, Map<String, String> skipped) {
    try {
      query(batch);
    } catch (VimFaultException e) {
      if (isTooManyMetrics(e) && metricCount(batch) > 1) {
        int limit = Math.max(1, metricCount(batch) / 2);
        maxMetrics.accumulateAndGet(limit, Math::min);
        logger.warn("{}: QueryPerf limit reached ({}), using batches of at most {} metrics", vcenter, LogText.of(e.faultMessage()), maxMetrics.get());
        List<List<EntityQuery>> smaller =
            batch.size() > 1 ? batches(batch, limits.maxEntities(), limits.maxMetrics(maxMetrics.get())) : splitMetrics(batch.get(0));
        for (List<EntityQuery> b : smaller) {
          runBatch(b, skipped);
        }
      } else if (batch.size() > 1) {
        for (EntityQuery q : batch) {
          runBatch(List.of(q), skipped);
        }
      } else {
        skipped.put(batch.get(0).entityId(), e.faultType() + ": " + e.faultMessage());
      }
    }
  }

  private void query(List<EntityQuery> batch) {
    List<PerfQuerySpec> specs = new ArrayList<>(batch.size());
    Map<String, EntityQuery> byMoid = new HashMap<>();
    for (EntityQuery q : batch) {
      specs.add(new PerfQuerySpec(q.ref(), q.start(), null, q.maxSample(), q.metricIds(), q.intervalId()));
      byMoid.put(q.ref().value(), q);
    }
    Map<String, Map<String, List<Sample>>> answered = new HashMap<>();
    for (PerfEntityMetrics m : perf.queryPerf(specs)) {
      EntityQuery q = byMoid.get(m.entity().value());
      if (q != null) {
        Map<String, List<Sample>> decoded = PerfDecoder.decode(q, m);
        answered.computeIfAbsent(q.entityId(), id -> new HashMap<>()).putAll(decoded);
      }
    }
    sink.accept(answered);
  }

  /** vCenter's answer when a query holds more than {@code vpxd.stats.maxQueryMetrics} metrics. */
  static boolean isTooManyMetrics(VimFaultException e) {
    String m = e.faultMessage() == null ? "" : e.faultMessage();
    return e.isA(VimFault.INVALID_ARGUMENT) && (m.contains("querySpec.size") || m.contains("maxQueryMetrics"));
  }

  static int metricCount(List<EntityQuery> batch) {
    return batch.stream().mapToInt(q -> q.metricIds().size()).sum();
  }

  /** One entity with more metrics than the limit: its metrics in two halves, asked separately. */
  static List<List<EntityQuery>> splitMetrics(EntityQuery q) {
    int half = q.metricIds().size() / 2;
    List<List<EntityQuery>> out = new ArrayList<>();
    for (List<dev.vscope.vim.PerfMetricId> ids : List.of(q.metricIds().subList(0, half), q.metricIds().subList(half, q.metricIds().size()))) {
      out.add(List.of(new EntityQuery(
          q.entityId(), q.ref(), q.kind(), q.cpus(), q.start(), q.intervalId(), q.maxSample(), ids, q.counters(), q.instanceNames())));
    }
    return out;
  }

  /** Splits queries, in order, into batches of at most {@code maxEntities} entities and {@code maxMetrics} metrics (an entity is never split). */
  static List<List<EntityQuery>> batches(List<EntityQuery> queries, int maxEntities, int maxMetrics) {
    List<List<EntityQuery>> out = new ArrayList<>();
    List<EntityQuery> current = new ArrayList<>();
    int metrics = 0;
    for (EntityQuery q : queries) {
      int n = q.metricIds().size();
      if (!current.isEmpty() && (current.size() >= maxEntities || metrics + n > maxMetrics)) {
        out.add(current);
        current = new ArrayList<>();
        metrics = 0;
      }
      current.add(q);
      metrics += n;
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }
}
