package dev.vscope.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code maxFailures} failed logins for one username, or from
 * one client address, within {@code window}, further tries are refused until the oldest failure
 * leaves the window, without asking vCenter (whose own lockout would lock the real user out).
 */
public final class LoginThrottle {

  private static final int MAX_KEYS = 100_000;

  private final Clock clock;
  private final int maxFailures;
  private final Duration window;
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  public LoginThrottle(Clock clock, int maxFailures, Duration window) {
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.window = window;
  }

  /** How long to wait before trying again, or empty when a try is allowed now. */
  public Optional<Duration> retryAfter(String username, String address) {
    Instant now = clock.instant();
    Duration wait = Duration.ZERO;
    for (String key : keys(username, address)) {
      Deque<Instant> f = failures.get(key);
      if (f == null) {
        continue;
      }
      synchronized (f) {
        prune(f, now);
        if (f.size() >= maxFailures) {
          Duration w = Duration.between(now, f.peekFirst().plus(window));
          wait = w.compareTo(wait) > 0 ? w : wait;
        }
      }
    }
    return wait.isZero() || wait.isNegative() ? Optional.empty() : Optional.of(wait);
  }

  public void recordFailure(String username, String address) {
    Instant now = clock.instant();
    if (failures.size() > MAX_KEYS) {
      // bounded memory under a flood of made-up usernames: forget the quiet ones
      failures.entrySet().removeIf(e -> {
        synchronized (e.getValue()) {
          prune(e.getValue(), now);
          return e.getValue().isEmpty();
        }
      });
    }
    for (String key : keys(username, address)) {
      Deque<Instant> f = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
      synchronized (f) {
        prune(f, now);
        f.addLast(now);
      }
    }
  }

  private void prune(Deque<Instant> f, Instant now) {
    while (!f.isEmpty() && !f.peekFirst().plus(window).isAfter(now)) {
      f.removeFirst();
    }
  }

  private static String[] keys(String username, String address) {
    return new String[] {"user:" + username.toLowerCase(Locale.ROOT), "addr:" + address};
  }
}
