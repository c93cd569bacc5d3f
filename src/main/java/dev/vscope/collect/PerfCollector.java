package dev.vscope.collect;

import dev.vscope.LogText;
import dev.vscope.store.Sample;
import dev.vscope.vim.PerfEntityMetrics;
import dev.vscope.vim.PerfQuerySpec;
import dev.vscope.vim.PerformanceManager;
import dev.vscope.vim.VimFaultException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a cycle's performance queries: batches of at most 50 entities and {@code
 * vpxd.stats.maxQueryMetrics} metrics, a few at a time. When vCenter says a batch is too large the
 * limit is halved, for this batch and the ones after. When a batch faults for another reason
 * (a VM removed mid-cycle), its entities are asked one by one, so one bad entity costs only itself.
 * Each batch's samples go to a {@link BatchSink} as soon as they are decoded, so that storing them
 * overlaps with vCenter answering the next batches.
 */
final class PerfCollector {

  private static final Logger logger = LoggerFactory.getLogger(PerfCollector.class);
  static final int MAX_ENTITIES = 50;

  private final String vcenter;
  private final PerformanceManager perf;
  private final ExecutorService pool;
  private final AtomicInteger maxMetrics;
  private final BatchSink sink;

  /** Receives the samples of each answered batch, on the thread that ran the batch. */
  @FunctionalInterface
  interface BatchSink {
    /** Must not throw: a sink handles its own failures. */
    void accept(Map<String, Map<String, List<Sample>>> samplesByEntity);
  }

  /** Results of a cycle: samples per entity and metric, and the entities that could not be read, with why. */
  record Result(Map<String, Map<String, List<Sample>>> samples, Map<String, String> skipped) {}

  PerfCollector(String vcenter, PerformanceManager perf, ExecutorService pool, AtomicInteger maxMetrics, BatchSink sink) {
    this.vcenter = vcenter;
    this.perf = perf;
    this.pool = pool;
    this.maxMetrics = maxMetrics;
    this.sink = sink;
  }

  Result collect(List<EntityQuery> queries) throws InterruptedException {
    Map<String, Map<String, List<Sample>>> samples = new ConcurrentHashMap<>();
    Map<String, String> skipped = new ConcurrentHashMap<>();
    List<Future<?>> running = new ArrayList<>();
    for (List<EntityQuery> batch : batches(queries, maxMetrics.get())) {
      running.add(pool.submit(() -> runBatch(batch, samples, skipped)));
    }
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (ExecutionException e) {
        // runBatch handles vCenter faults itself; anything else is a cycle failure
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException(vcenter + ": performance query failed", e.getCause());
      }
    }
    return new Result(samples, skipped);
  }

  private void runBatch(List<EntityQuery> batch, Map<String, Map<String, List<Sample>>> samples, Map<String, String> skipped) {
    try {
      query(batch, samples);
    } catch (VimFaultException e) {
      if (isTooManyMetrics(e) && metricCount(batch) > 1) {
        int limit = Math.max(1, metricCount(batch) / 2);
        maxMetrics.accumulateAndGet(limit, Math::min);
        logger.warn("{}: QueryPerf limit reached ({}), using batches of at most {} metrics", vcenter, LogText.of(e.faultMessage()), maxMetrics.get());
        List<List<EntityQuery>> smaller = batch.size() > 1 ? batches(batch, maxMetrics.get()) : splitMetrics(batch.get(0));
        for (List<EntityQuery> b : smaller) {
          runBatch(b, samples, skipped);
        }
      } else if (batch.size() > 1) {
        for (EntityQuery q : batch) {
          runBatch(List.of(q), samples, skipped);
        }
      } else {
        skipped.put(batch.get(0).entityId(), e.faultType() + ": " + e.faultMessage());
      }
    }
  }

  private void query(List<EntityQuery> batch, Map<String, Map<String, List<Sample>>> samples) {
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
        samples.computeIfAbsent(q.entityId(), id -> new ConcurrentHashMap<>()).putAll(decoded);
      }
    }
    sink.accept(answered);
  }

  /** vCenter's answer when a query holds more than {@code vpxd.stats.maxQueryMetrics} metrics. */
  static boolean isTooManyMetrics(VimFaultException e) {
    String m = e.faultMessage() == null ? "" : e.faultMessage();
    return e.is("InvalidArgument") && (m.contains("querySpec.size") || m.contains("maxQueryMetrics"));
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

  /** Splits queries into batches of at most 50 entities and {@code maxMetrics} metrics (an entity is never split). */
  static List<List<EntityQuery>> batches(List<EntityQuery> queries, int maxMetrics) {
    List<List<EntityQuery>> out = new ArrayList<>();
    List<EntityQuery> current = new ArrayList<>();
    int metrics = 0;
    for (EntityQuery q : queries) {
      int n = q.metricIds().size();
      if (!current.isEmpty() && (current.size() >= MAX_ENTITIES || metrics + n > maxMetrics)) {
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
