package dev.vscope.store;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.rrd4j.ConsolFun;
import org.rrd4j.DsType;
import org.rrd4j.core.Archive;
import org.rrd4j.core.Datasource;
import org.rrd4j.core.Header;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdDef;

/**
 * The layout of one metric's RRD file, and the check that an opened file has exactly that layout.
 *
 * <ul>
 *   <li>Base step {@value #STEP} s: vCenter's realtime interval.
 *   <li>One {@code GAUGE} data source {@value #DS_NAME}, no min/max: the collector already sends
 *       rates and percents, and values are stored as they come.
 *   <li>Heartbeat {@value #HEARTBEAT} s. The store writes every sample at its 20-s boundary and,
 *       before a sample that follows a hole, an explicit unknown at the boundary just before it (see
 *       {@link RrdHistoryStore}), so an update never spans more than one step and one missing
 *       sample is exactly one unknown step: rrd4j never stretches a value across a gap, and a gap
 *       never reads as zero. Any heartbeat in [20, 40) would behave the same with aligned updates;
 *       30 also turns a 40-s jump into unknown should an update ever skip the explicit unknown.
 *       The heartbeat is measured between sample times, not wall-clock times, so a restart of vscope
 *       creates no gap as long as the collector backfills the samples it missed (vCenter keeps an
 *       hour of realtime samples). The flip side: a metric sampled less often than every 20 s (the
 *       datastore space values are written once per collection cycle) has unknown steps between
 *       its samples, and its 5-min and longer points are unknown unless at least half of their
 *       steps are known, so such a metric must be written for every 20-s step.
 *   <li>For each of AVERAGE and MAX, one archive per {@link TimeRange}: {@code
 *       stepSeconds / 20} steps × {@code points} rows (20 s × 180, 5 min × 288, 30 min × 336, 2 h ×
 *       360, 1 day × 365). xff {@value #XFF}: a consolidated point is known when at least half of its
 *       20-s steps are, and is then the average (or maximum) of the known ones.
 * </ul>
 */
final class RrdSchema {

  static final long STEP = 20;
  static final long HEARTBEAT = 30;
  static final double XFF = 0.5;
  static final String DS_NAME = "v";

  private static final ConsolFun[] CONSOLIDATIONS = {ConsolFun.AVERAGE, ConsolFun.MAX};

  /** Size in bytes of every metric file (rrd4j's exact size for this definition). */
  static final long FILE_SIZE = definition(URI.create("size"), 0).getEstimatedSize();

  private RrdSchema() {}

  /** The definition of a new file at {@code uri} whose first update will be after {@code start}. */
  static RrdDef definition(URI uri, long start) {
    RrdDef def = new RrdDef(uri, start, STEP);
    def.addDatasource(DS_NAME, DsType.GAUGE, HEARTBEAT, Double.NaN, Double.NaN);
    for (ConsolFun fun : CONSOLIDATIONS) {
      for (TimeRange range : TimeRange.values()) {
        def.addArchive(fun, XFF, steps(range), range.points());
      }
    }
    return def;
  }

  /** Number of base steps consolidated into one point of {@code range}. */
  static int steps(TimeRange range) {
    return (int) (range.stepSeconds() / STEP);
  }

  /** The start of the 20-s step holding {@code epochSecond}. */
  static long slot(long epochSecond) {
    return Math.floorDiv(epochSecond, STEP) * STEP;
  }

  /**
   * What is wrong with an opened file, or an empty list when it has exactly this layout. Any
   * exception while looking is reported as a problem too.
   */
  static List<String> problems(RrdDb db) {
    List<String> problems = new ArrayList<>();
    try {
      Header header = db.getHeader();
      expect(problems, "step", STEP, header.getStep());
      expect(problems, "data sources", 1, header.getDsCount());
      expect(problems, "archives", 2 * TimeRange.values().length, header.getArcCount());
      long last = header.getLastUpdateTime();
      if (last < 0 || last % STEP != 0) {
        problems.add("last update " + last + " is not on a 20-s boundary");
      }
      expect(problems, "length", FILE_SIZE, db.getRrdBackend().getLength());
      if (!problems.isEmpty()) {
        return problems;
      }
      Datasource ds = db.getDatasource(0);
      expect(problems, "data source name", DS_NAME, ds.getName());
      expect(problems, "data source type", DsType.GAUGE, ds.getType());
      expect(problems, "heartbeat", HEARTBEAT, ds.getHeartbeat());
      int index = 0;
      for (ConsolFun fun : CONSOLIDATIONS) {
        for (TimeRange range : TimeRange.values()) {
          Archive archive = db.getArchive(index++);
          if (archive.getConsolFun() != fun
              || archive.getSteps() != steps(range)
              || archive.getRows() != range.points()) {
            problems.add(
                "archive "
                    + index
                    + " is "
                    + archive.getConsolFun()
                    + " "
                    + archive.getSteps()
                    + " steps × "
                    + archive.getRows()
                    + " rows, expected "
                    + fun
                    + " "
                    + steps(range)
                    + " × "
                    + range.points());
          }
          archive.getRobin(0).getValue(0); // fails on a damaged row pointer
        }
      }
    } catch (IOException | RuntimeException e) {
      problems.add(e.toString());
    }
    return problems;
  }

  private static void expect(List<String> problems, String what, Object expected, Object actual) {
    if (!expected.equals(actual)) {
      problems.add(what + " is " + actual + ", expected " + expected);
    }
  }
}
