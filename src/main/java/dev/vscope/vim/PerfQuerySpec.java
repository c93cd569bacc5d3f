package dev.vscope.vim;

import java.time.Instant;
import java.util.List;

/**
 * One entity's part of a QueryPerf call.
 *
 * @param start exclusive start in vCenter's clock, or null
 * @param maxSample at most this many samples per series (most recent first), 0 for no limit
 * @param intervalId 20 for realtime, or a historical interval (300, 1800, 7200, 86400)
 */
public record PerfQuerySpec(
    ManagedObjectReference entity, Instant start, Instant end, int maxSample, List<PerfMetricId> metricIds, int intervalId) {

  public PerfQuerySpec {
    metricIds = List.copyOf(metricIds);
  }
}
