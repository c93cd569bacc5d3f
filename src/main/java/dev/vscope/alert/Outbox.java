package dev.vscope.alert;

import dev.vscope.BackgroundTask;
import dev.vscope.LogText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifications waiting for one channel, sent one at a time by a thread of its own, so that a
 * slow or dead receiver delays only itself. A notification that fails waits and is sent again,
 * after 2 s, then twice as long each time up to 5 minutes; nothing is dropped for being old.
 *
 * <p>Bounded: one notification per group (rule) waits at most, the newest (a group's newer
 * notification tells its whole state, so it replaces an older one that was not sent yet), and at
 * most {@link #MAX_WAITING} groups. The alerts' state says what each channel was told ({@link
 * AlertEngine#delivered}), so what waits here is made again after a restart: it needs no file.
 *
 * <p>Thread-safe.
 */
final class Outbox implements AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(Outbox.class);
  static final int MAX_WAITING = 1000;
  static final Duration FIRST_RETRY = Duration.ofSeconds(2);
  static final Duration MAX_RETRY = Duration.ofMinutes(5);

  /** Told of each notification the channel accepted. */
  @FunctionalInterface
  interface Delivered {
    void delivered(Notification n, Instant at);
  }

  private final Channel channel;
  private final Delivered delivered;
  private final Clock clock;
  private final Thread worker;
  /** group → newest notification not sent yet, oldest group first; guarded by this */
  private final LinkedHashMap<String, Notification> waiting = new LinkedHashMap<>();
  private boolean closed;
  private long sent;
  private long failed;
  private long dropped;
  private int failures;
  private Instant lastSuccess;
  private Instant lastFailure;
  private String lastError;
  private long nextAttemptNanos;
  private volatile Duration firstRetry = FIRST_RETRY;

  Outbox(Channel channel, Delivered delivered, Clock clock) {
    this.channel = channel;
    this.delivered = delivered;
    this.clock = clock;
    this.worker = new Thread(new BackgroundLoop(), "vscope-alerts-" + channel.name());
    this.worker.setDaemon(true);
  }

  void start() {
    worker.start();
  }

  Channel channel() {
    return channel;
  }

  /**
   * Queues these notifications, each in place of the one of its group that waits, unless that one
   * tells the same (it may be on its way: replaced, it would be sent again once delivered).
   */
  synchronized void offer(List<Notification> notifications) {
    for (Notification n : notifications) {
      Notification old = waiting.get(n.group());
      if (old != null && old.sameNews(n)) {
        continue;
      }
      waiting.put(n.group(), n); // an existing group keeps its place in the line
      if (waiting.size() > MAX_WAITING) {
        Iterator<Map.Entry<String, Notification>> oldest = waiting.entrySet().iterator();
        String group = oldest.next().getKey();
        oldest.remove();
        dropped++;
        logger.warn("alert channel {}: more than {} groups wait; the oldest ({}) is dropped until its alerts change", channel.name(),
            MAX_WAITING, LogText.of(group));
      }
    }
    notifyAll();
  }

  synchronized ChannelStatus status() {
    return new ChannelStatus(channel.name(), channel.type(), waiting.size(), sent, failed, dropped, lastSuccess, lastFailure, lastError, failures,
        failures == 0 ? null : clock.instant().plusNanos(Math.max(0, nextAttemptNanos - System.nanoTime())));
  }

  /** The next notification to send, waiting for one and for the back-off; null once closed. */
  private synchronized Notification next() throws InterruptedException {
    while (!closed) {
      long wait = failures == 0 ? 0 : nextAttemptNanos - System.nanoTime();
      if (!waiting.isEmpty() && wait <= 0) {
        return waiting.values().iterator().next();
      }
      if (waiting.isEmpty()) {
        wait(0);
      } else {
        wait(Math.max(1, wait / 1_000_000));
      }
    }
    return null;
  }

  private void send(Notification n) {
    try {
      channel.send(n);
    } catch (DeliveryException | RuntimeException e) {
      failed(n, e instanceof DeliveryException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage());
      return;
    }
    Instant at = clock.instant();
    synchronized (this) {
      if (waiting.get(n.group()) == n) {
        waiting.remove(n.group()); // a newer one of the group that came meanwhile still goes
      }
      sent++;
      failures = 0;
      lastSuccess = at;
    }
    delivered.delivered(n, at);
  }

  private void failed(Notification n, String why) {
    Duration retry;
    synchronized (this) {
      failed++;
      failures++;
      lastFailure = clock.instant();
      lastError = why;
      retry = backoff(failures, firstRetry);
      nextAttemptNanos = System.nanoTime() + retry.toNanos();
    }
    logger.warn("alert channel {} ({}): notification of {} not delivered, attempt {}, next in {} s: {}", channel.name(), channel.type(),
        LogText.of(n.group()), failures, retry.toSeconds(), LogText.of(why));
  }

  /** For tests: a shorter first wait than {@link #FIRST_RETRY}. */
  void firstRetry(Duration d) {
    firstRetry = d;
  }

  /** {@code first} after the first failure (2 s), doubling, at most 5 minutes. */
  static Duration backoff(int failures, Duration first) {
    Duration d = first;
    for (int i = 1; i < failures && d.compareTo(MAX_RETRY) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
  }

  /** Stops the thread; what waits is made again at the next start from the alerts' state. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    worker.interrupt();
    try {
      worker.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The thread: sends until closed, whatever a send throws. */
  private final class BackgroundLoop implements Runnable {
    @Override
    public void run() {
      while (true) {
        Notification n;
        try {
          n = next();
        } catch (InterruptedException e) {
          return;
        }
        if (n == null) {
          return;
        }
        try {
          send(n);
        } catch (Throwable t) {
          // an Error: counted as a failed attempt, so that the loop backs off rather than spins
          BackgroundTask.logFailure("alert channel " + channel.name(), t);
          failed(n, t.getClass().getSimpleName());
        }
      }
    }
  }
}
