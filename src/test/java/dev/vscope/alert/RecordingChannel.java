package dev.vscope.alert;

import dev.vscope.config.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A channel that keeps what it is sent, and fails while the test says it is down. */
final class RecordingChannel implements Channel {

  private final String name;
  private final Duration repeat;
  private final Severity least;
  private final List<Notification> received = new ArrayList<>();
  private volatile boolean down;
  private int attempts;

  RecordingChannel(String name, Duration repeat, Severity least) {
    this.name = name;
    this.repeat = repeat;
    this.least = least;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "test";
  }

  @Override
  public boolean accepts(Severity severity) {
    return severity.compareTo(least) >= 0;
  }

  @Override
  public Duration repeatInterval() {
    return repeat;
  }

  @Override
  public synchronized void send(Notification n) throws DeliveryException {
    attempts++;
    if (down) {
      throw new DeliveryException("receiver down");
    }
    received.add(n);
    notifyAll();
  }

  void down(boolean d) {
    down = d;
  }

  synchronized int attempts() {
    return attempts;
  }

  synchronized List<Notification> received() {
    return List.copyOf(received);
  }

  /** Waits up to 10 s until what was received satisfies the test. */
  synchronized List<Notification> await(Predicate<List<Notification>> done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!done.test(received)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("not received in 10 s; received: " + received);
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return List.copyOf(received);
  }
}
