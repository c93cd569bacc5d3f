package dev.vscope.store.prom;

/**
 * The PromQL text of the store's queries. Label values come from vCenter (entity ids, device names
 * in metric instances), so they are always written as escaped string literals, never pasted raw.
 */
final class PromQl {

  /** Label added by {@link #avgAndMax} to tell its two results apart. */
  static final String AGG_LABEL = "vscope_agg";

  private PromQl() {}

  /**
   * A PromQL double-quoted string literal holding {@code value} exactly. PromQL unquotes strings
   * like Go does, so backslash and double quote are escaped, and control characters (newline
   * included) are written as escapes: a raw newline would end the literal in the lexer. Other
   * characters, non-ASCII included, are valid raw in a UTF-8 query.
   */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** The selector of one series: {@code vscope_history{entity="...",metric="..."}}. */
  static String selector(SeriesKey key) {
    return SeriesKey.METRIC_NAME
        + "{"
        + SeriesKey.ENTITY_LABEL
        + "="
        + quote(key.entity())
        + ","
        + SeriesKey.METRIC_LABEL
        + "="
        + quote(key.metric())
        + "}";
  }

  /** The selector of every series of one entity. */
  static String entitySelector(String entity) {
    return SeriesKey.METRIC_NAME + "{" + SeriesKey.ENTITY_LABEL + "=" + quote(entity) + "}";
  }

  /**
   * One query giving, at each evaluation time T, the average and the maximum of the samples in
   * (T - step, T], the two told apart by the {@value #AGG_LABEL} label ({@code avg} or {@code max}).
   * One query rather than two halves the round trips and reads both from the same snapshot.
   *
   * <p>The window is the step less one millisecond: Prometheus 2 includes a sample exactly at the
   * window's start, which would count a sample on a step boundary in two consecutive steps.
   * Samples are stamped on 20-s boundaries (see {@link PrometheusHistoryStore}), so the shortened
   * window holds exactly the samples of (T - step, T] in Prometheus 2, Prometheus 3 (whose windows
   * are left-open) and VictoriaMetrics alike.
   */
  static String avgAndMax(SeriesKey key, long stepSeconds) {
    String range = selector(key) + "[" + (stepSeconds * 1000 - 1) + "ms]";
    return tagged("avg_over_time(" + range + ")", "avg")
        + " or "
        + tagged("max_over_time(" + range + ")", "max");
  }

  /**
   * The time of the newest sample of each metric of an entity within {@code window} before the
   * evaluation time, one series per metric. {@code timestamp()} of a plain selector gives the
   * sample's own time; the subquery looks for it over the whole window at a resolution of one
   * sample step (samples are stamped on 20-s boundaries, so none falls between two evaluations).
   */
  static String lastTimestamps(String entity, long windowSeconds, long resolutionSeconds) {
    return "max_over_time(timestamp("
        + entitySelector(entity)
        + ")["
        + windowSeconds
        + "s:"
        + resolutionSeconds
        + "s])";
  }

  private static String tagged(String expression, String agg) {
    return "label_replace(" + expression + ", " + quote(AGG_LABEL) + ", " + quote(agg) + ", \"\", \"\")";
  }
}
