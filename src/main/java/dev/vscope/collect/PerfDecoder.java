package dev.vscope.collect;

import dev.vscope.store.Sample;
import dev.vscope.vim.PerfEntityMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one entity's QueryPerf answer into samples of vscope's metrics, in the units people read:
 * percent from hundredths of a percent, CPU ready from milliseconds per sample, per-disk values
 * summed or maxed into one.
 */
final class PerfDecoder {

  /** Realtime samples are 20 s apart: the store's step. */
  static final int REALTIME_SECONDS = 20;

  private PerfDecoder() {}

  static Map<String, List<Sample>> decode(EntityQuery q, PerfEntityMetrics m) {
    Map<String, double[]> folded = new HashMap<>();
    Map<String, List<Sample>> out = new HashMap<>();
    long[] times = m.epochSeconds();
    for (PerfEntityMetrics.Series s : m.series()) {
      Metric metric = q.counters().get(s.id().counterId());
      if (metric == null) {
        continue;
      }
      String instance = s.id().instance();
      switch (metric.instances()) {
        case TOTAL -> {
          if (instance.isEmpty() || "*".equals(instance)) {
            out.put(metric.name(), samples(q, times, convert(q, metric, s.values())));
          }
        }
        case TOTAL_AND_PER_NIC, PER_DATASTORE -> {
          if (instance.isEmpty()) {
            if (metric.instances() == Metric.Instances.TOTAL_AND_PER_NIC) {
              out.put(metric.name(), samples(q, times, convert(q, metric, s.values())));
            }
          } else if (q.instanceNames().containsKey(instance)) {
            out.put(metric.name() + "[" + q.instanceNames().get(instance) + "]", samples(q, times, convert(q, metric, s.values())));
          }
        }
        case SUM, MAX -> {
          double[] v = convert(q, metric, s.values());
          double[] acc = folded.get(metric.name());
          if (acc == null) {
            folded.put(metric.name(), v);
          } else {
            for (int i = 0; i < acc.length; i++) {
              acc[i] = fold(metric.instances(), acc[i], v[i]);
            }
          }
        }
      }
    }
    folded.forEach((name, values) -> out.put(name, samples(q, times, values)));
    return out;
  }

  /** NaN-aware sum or max: an unknown instance does not make the total unknown. */
  private static double fold(Metric.Instances how, double a, double b) {
    if (Double.isNaN(a)) {
      return b;
    }
    if (Double.isNaN(b)) {
      return a;
    }
    return how == Metric.Instances.SUM ? a + b : Math.max(a, b);
  }

  private static double[] convert(EntityQuery q, Metric metric, double[] raw) {
    double[] v = new double[raw.length];
    for (int i = 0; i < raw.length; i++) {
      if (metric.name().equals(Metric.CPU_READY)) {
        // ready ms / (interval ms × vCPUs) × 100: the figure compared with the usual 5 % / 10 % thresholds;
        // a historical sample sums the ready time of its whole interval (7,200 s at 2 h), not of 20 s
        v[i] = q.cpus() > 0 ? raw[i] / (q.intervalId() * 1000.0 * q.cpus()) * 100 : Double.NaN;
      } else {
        v[i] = raw[i] * metric.scale();
      }
      if (metric.unit().equals(Metric.PERCENT) && v[i] > 100) {
        // a share cannot exceed the whole; counters overshoot a little when a sample straddles
        // a CPU frequency boost or a memory reclaim, and a graph scaled past 100 % misleads
        v[i] = 100;
      }
    }
    return v;
  }

  private static List<Sample> samples(EntityQuery q, long[] times, double[] values) {
    List<Sample> out = new ArrayList<>(times.length);
    for (int i = 0; i < times.length && i < values.length; i++) {
      out.addAll(spread(times[i], values[i], q.intervalId()));
    }
    return out;
  }

  /**
   * One sample of an interval longer than the store's 20 s step, as one sample per 20 s step of
   * the interval it stands for (ending at {@code t}): the store keeps a missing 20 s step as a gap,
   * so a lone 5-minute sample would leave its 5-minute average unknown.
   */
  static List<Sample> spread(long t, double value, int intervalSeconds) {
    if (intervalSeconds <= REALTIME_SECONDS) {
      return List.of(new Sample(t, value));
    }
    int steps = intervalSeconds / REALTIME_SECONDS;
    List<Sample> out = new ArrayList<>(steps);
    for (int k = steps - 1; k >= 0; k--) {
      out.add(new Sample(t - (long) k * REALTIME_SECONDS, value));
    }
    return out;
  }
}
