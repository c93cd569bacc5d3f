package dev.vscope.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Slows down password guessing without asking vCenter (whose own lockout would lock the real user
 * out). Failed logins within {@code window} are counted three ways:
 *
 * <ul>
 *   <li>per user and address: a guesser at one address is stopped after {@code perPair};
 *   <li>per address, whatever the user: stops one address from trying many users;
 *   <li>per user, whatever the address: only once the failures come from {@code userAddresses}
 *       different addresses and reach {@code perUser}, so that someone who knows a user name cannot
 *       lock its owner out from one or two addresses (issue 16).
 * </ul>
 *
 * <p>The decision and the count are taken together, under one lock, before vCenter is asked; a try
 * in flight counts as a failure until it ends. So parallel tries cannot slip past the limit (issue
 * 16: 40 concurrent tries used to reach vCenter, one with the right password).
 *
 * <p>Thread-safe.
 */
public final class LoginThrottle {

  /** How many failures each count allows within {@code window}. */
  public record Limits(int perPair, int perAddress, int perUser, int userAddresses, Duration window) {

    /** 5 per user and address, 20 per address, 20 per user from 3 or more addresses, in 5 minutes. */
    public static Limits defaults() {
      return new Limits(5, 20, 20, 3, Duration.ofMinutes(5));
    }
  }

  /** The try must wait this long. */
  public static final class ThrottledException extends RuntimeException {
    private final Duration wait;

    ThrottledException(Duration wait) {
      super("too many failed logins", null, false, false);
      this.wait = wait;
    }

    public Duration retryAfter() {
      return wait;
    }
  }

  private static final int MAX_KEYS = 100_000;
  /** What to tell a client turned away only by tries still in flight. */
  private static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(1);

  private record Failure(Instant at, String address) {}

  private final Clock clock;
  private final Limits limits;
  // guarded by this
  private final Map<String, Deque<Failure>> failures = new HashMap<>();
  private final Map<String, Integer> inFlight = new HashMap<>();

  public LoginThrottle(Clock clock, Limits limits) {
    this.clock = clock;
    this.limits = limits;
  }

  /**
   * Starts a try: counts it in flight, or throws {@link ThrottledException} when it must wait. The
   * caller ends the try with {@link Attempt#succeeded()} or {@link Attempt#failed()}, and closes it.
   */
  public synchronized Attempt begin(String username, String address) {
    Instant now = clock.instant();
    String user = username.toLowerCase(Locale.ROOT);
    List<String> keys = keys(user, address);
    Duration wait = Duration.ZERO;
    wait = max(wait, check(keys.get(0), limits.perPair(), 1, now));
    wait = max(wait, check(keys.get(1), limits.perAddress(), 1, now));
    wait = max(wait, check(keys.get(2), limits.perUser(), limits.userAddresses(), now));
    if (!wait.isZero()) {
      throw new ThrottledException(wait);
    }
    keys.forEach(k -> inFlight.merge(k, 1, Integer::sum));
    return new Attempt(user, address, keys);
  }

  /** One try, in flight until it succeeded, failed or was closed. Not thread-safe: one per request. */
  public final class Attempt implements AutoCloseable {
    private final String user;
    private final String address;
    private final List<String> keys;
    private boolean ended;

    private Attempt(String user, String address, List<String> keys) {
      this.user = user;
      this.address = address;
      this.keys = keys;
    }

    /** The right password: the failures of this user at this address are forgotten. */
    public void succeeded() {
      synchronized (LoginThrottle.this) {
        end();
        failures.remove(keys.get(0));
      }
    }

    /** Wrong credentials: counted in all three counts. */
    public void failed() {
      synchronized (LoginThrottle.this) {
        end();
        Instant now = clock.instant();
        if (failures.size() > MAX_KEYS) {
          // bounded memory under a flood of made-up usernames: forget the quiet ones
          failures.values().removeIf(f -> {
            prune(f, now);
            return f.isEmpty();
          });
        }
        for (String key : keys) {
          Deque<Failure> f = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
          prune(f, now);
          f.addLast(new Failure(now, address));
        }
      }
    }

    /** Ends a try that neither succeeded nor failed (vCenter unreachable, an error): it counts for nothing. */
    @Override
    public void close() {
      synchronized (LoginThrottle.this) {
        end();
      }
    }

    private void end() {
      if (!ended) {
        ended = true;
        keys.forEach(k -> inFlight.computeIfPresent(k, (key, n) -> n > 1 ? n - 1 : null));
      }
    }

    @Override
    public String toString() {
      return "login try of " + user + " from " + address;
    }
  }

  /** How long a try under {@code key} must wait; zero when it may go. */
  private Duration check(String key, int limit, int minAddresses, Instant now) {
    Deque<Failure> f = failures.get(key);
    int failed = 0;
    if (f != null) {
      prune(f, now);
      failed = f.size();
    }
    int pending = inFlight.getOrDefault(key, 0);
    if (failed + pending < limit || (minAddresses > 1 && addresses(f) < minAddresses)) {
      return Duration.ZERO;
    }
    if (failed < limit) {
      // the tries in flight fill the count: they may still succeed
      return IN_FLIGHT_WAIT;
    }
    // the try may go once enough failures have left the window to bring the count under the limit
    Failure freeing = f.stream().skip(failed - limit).findFirst().orElseThrow();
    Duration wait = Duration.between(now, freeing.at().plus(limits.window()));
    return wait.isNegative() || wait.isZero() ? IN_FLIGHT_WAIT : wait;
  }

  private static int addresses(Deque<Failure> f) {
    if (f == null) {
      return 0;
    }
    Set<String> seen = new HashSet<>();
    f.forEach(x -> seen.add(x.address()));
    return seen.size();
  }

  private void prune(Deque<Failure> f, Instant now) {
    while (!f.isEmpty() && !f.peekFirst().at().plus(limits.window()).isAfter(now)) {
      f.removeFirst();
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static List<String> keys(String user, String address) {
    return List.of("pair:" + user + "\u0000" + address, "addr:" + address, "user:" + user);
  }
}
