package dev.vscope.collect;

import dev.vscope.vim.ManagedObjectReference;
import dev.vscope.vim.PerfMetricId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one cycle asks vCenter about one entity, and how to read the answer back.
 *
 * @param cpus vCPUs of a VM, cores of a host: CPU ready is relative to them
 * @param counters the metric each requested counter id stands for
 * @param instanceNames for per-device counters, vSphere's instance name to vscope's suffix
 *     ({@code vmnic0} → {@code vmnic0}, a datastore uuid → its managed object id)
 */
record EntityQuery(
    String entityId,
    ManagedObjectReference ref,
    Metric.Kind kind,
    int cpus,
    Instant start,
    int intervalId,
    int maxSample,
    List<PerfMetricId> metricIds,
    Map<Integer, Metric> counters,
    Map<String, String> instanceNames) {}
