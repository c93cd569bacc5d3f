package dev.vscope.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a warning that may recur every call through at most once per interval, so that a
 * condition lasting hours (a wrong clock, a full disk) is logged, not flooded. Thread-safe.
 */
public final class WarningInterval {

  private final long seconds;
  private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);

  public WarningInterval(long seconds) {
    this.seconds = seconds;
  }

  /** Whether to log now (epoch second {@code now}); if so, the next one waits for the interval. */
  public boolean due(long now) {
    long n = next.get();
    return now >= n && next.compareAndSet(n, now + seconds);
  }
}
