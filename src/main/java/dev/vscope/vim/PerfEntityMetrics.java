package dev.vscope.vim;

import java.util.List;

/** QueryPerf's answer for one entity: sample times, oldest first, and one value series per metric. */
public record PerfEntityMetrics(ManagedObjectReference entity, long[] epochSeconds, List<Series> series) {

  /** Values aligned with {@link PerfEntityMetrics#epochSeconds}; vSphere's -1 ("no value") is NaN. */
  public record Series(PerfMetricId id, double[] values) {}

  public PerfEntityMetrics {
    series = List.copyOf(series);
  }
}
