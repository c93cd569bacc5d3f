package dev.vscope.collect;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The durations of a vCenter's last full cycles, oldest first: the status page's trend. */
final class DurationTrend {

  private static final int KEPT = 30;

  private final Deque<Long> millis = new ArrayDeque<>();

  synchronized void add(long ms) {
    millis.addLast(ms);
    while (millis.size() > KEPT) {
      millis.removeFirst();
    }
  }

  synchronized List<Long> recent() {
    return List.copyOf(millis);
  }
}
