package dev.vscope.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints figures as they come, and every part's table once more at the end. */
final class Report {

  private final List<String> tables = new ArrayList<>();
  private StringBuilder table;
  private String part;

  void part(String name) {
    part = name;
    System.out.printf(Locale.ROOT, "%n== %s == (load average %s, %d cores, max heap %s)%n", name, Measure.loadAverage(),
        Runtime.getRuntime().availableProcessors(), Measure.mb(Measure.maxHeapBytes()));
  }

  void note(String format, Object... args) {
    System.out.println("  " + String.format(Locale.ROOT, format, args));
    System.out.flush();
  }

  /** Each run's figures, for the record. */
  void runs(String label, List<Measure.Run> runs) {
    note("%s: wall %s; process CPU %s; simulator CPU %s; peak heap %s", label,
        Measure.list(runs, Measure.Run::wallMs, "ms"),
        Measure.list(runs, Measure.Run::cpuMs, "ms"),
        Measure.list(runs, Measure.Run::simCpuMs, "ms"),
        Measure.list(runs, r -> r.peakHeapBytes() / 1048576.0, "MB"));
  }

  void table() {
    table("figure", "value", "target", "met?");
  }

  /** A table with columns of its own, filled by {@link #cells}. */
  void table(String... columns) {
    table = new StringBuilder();
    table.append(String.format(Locale.ROOT, "%n%s (load average at the end: %s)%n%n", part, Measure.loadAverage()));
    table.append("| ").append(String.join(" | ", columns)).append(" |\n|").append("---|".repeat(columns.length)).append('\n');
  }

  void cells(String... values) {
    table.append("| ").append(String.join(" | ", values)).append(" |\n");
  }

  void row(String figure, String value, String target, Boolean met) {
    cells(figure, value, target, met == null ? "" : met ? "yes" : "**no**");
  }

  void endTable() {
    System.out.print(table);
    System.out.flush();
    tables.add(table.toString());
    table = null;
  }

  /** Every table again, so that a run of all parts ends with its results together. */
  void summary() {
    if (tables.size() > 1) {
      System.out.printf(Locale.ROOT, "%n== summary ==%n");
      tables.forEach(System.out::print);
    }
  }

  static String join(List<Double> values) {
    StringBuilder b = new StringBuilder();
    for (double v : values) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(String.format(Locale.ROOT, "%.0f", v));
    }
    return b.toString();
  }
}
