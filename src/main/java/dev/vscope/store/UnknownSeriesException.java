package dev.vscope.store;

/**
 * Thrown by {@link HistoryStore#read} when the entity or the metric has no history: it was never
 * written, was pruned, or its file was unreadable and has been moved aside. The web layer answers
 * it with 404.
 */
public class UnknownSeriesException extends RuntimeException {

  private final String entityId;
  private final String metric;

  public UnknownSeriesException(String entityId, String metric) {
    super("no history for metric " + metric + " of " + entityId);
    this.entityId = entityId;
    this.metric = metric;
  }

  public String entityId() {
    return entityId;
  }

  public String metric() {
    return metric;
  }
}
