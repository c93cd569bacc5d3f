package dev.vscope.store.prom;

import java.time.Duration;

/**
 * Capped exponential backoff between delivery attempts: the first retry soon (an engine restart
 * takes seconds), then doubling so a long outage costs one attempt per {@code max}.
 */
final class Backoff {

  static final Duration DEFAULT_INITIAL = Duration.ofMillis(500);
  static final Duration DEFAULT_MAX = Duration.ofSeconds(30);

  private final long initialMillis;
  private final long maxMillis;
  private long nextMillis;

  Backoff(Duration initial, Duration max) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff " + initial + " .. " + max);
    }
    this.initialMillis = initial.toMillis();
    this.maxMillis = max.toMillis();
    this.nextMillis = initialMillis;
  }

  /** The longest wait between two attempts. */
  Duration max() {
    return Duration.ofMillis(maxMillis);
  }

  /** The wait before the next attempt; each call doubles the following one, up to the cap. */
  long nextDelayMillis() {
    long delay = nextMillis;
    nextMillis = Math.min(maxMillis, nextMillis * 2);
    return delay;
  }

  /** Back to the initial delay, after a success. */
  void reset() {
    nextMillis = initialMillis;
  }
}
