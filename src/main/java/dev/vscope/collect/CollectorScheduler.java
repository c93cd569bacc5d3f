package dev.vscope.collect;

import dev.vscope.BackgroundTask;
import dev.vscope.store.HistoryStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each vCenter's cycles: one every interval after a success; after a failure, retries
 * sooner with a doubling pause (5 s, 10 s, ...) capped at the interval, so collection resumes
 * within one interval of a vCenter coming back. Each vCenter has its own chain of tasks, so one
 * slow or dead vCenter never delays another. Also prunes history of long-gone entities daily.
 * Whatever a cycle or the pruning throws, Errors included, is logged and the next one is
 * scheduled all the same: a chain that is not rescheduled never runs again.
 */
public final class CollectorScheduler implements SnapshotSource, AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(CollectorScheduler.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(5);

  private final List<VcenterCollector> collectors;
  private final HistoryStore store;
  private final Duration retention;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final CycleListener afterCycle;

  /** Told about every finished cycle. */
  @FunctionalInterface
  public interface CycleListener {
    void cycled(VcenterSnapshot snapshot, long nanos);
  }

  /**
   * @param afterCycle told about each finished cycle with its snapshot and duration (telemetry)
   */
  public CollectorScheduler(
      List<VcenterCollector> collectors, HistoryStore store, Duration retention, Clock clock, CycleListener afterCycle) {
    this.afterCycle = afterCycle;
    this.collectors = List.copyOf(collectors);
    this.store = store;
    this.retention = retention;
    this.clock = clock;
    this.executor = Executors.newScheduledThreadPool(Math.max(1, Math.min(collectors.size() + 1, 9)), r -> {
      Thread t = new Thread(r, "vscope-collector");
      t.setDaemon(true);
      return t;
    });
  }

  public void start() {
    for (VcenterCollector c : collectors) {
      executor.execute(() -> runAndReschedule(c, FIRST_RETRY));
    }
    executor.scheduleWithFixedDelay(new BackgroundTask("history pruning", this::prune), 1, 24 * 60, TimeUnit.MINUTES);
  }

  private void runAndReschedule(VcenterCollector c, Duration retry) {
    long start = System.nanoTime();
    Duration next = c.interval();
    Duration nextRetry = FIRST_RETRY;
    try {
      boolean ok = cycle(c);
      if (ok) {
        Duration spent = Duration.ofNanos(System.nanoTime() - start);
        next = c.interval().minus(spent);
      } else {
        next = retry.compareTo(c.interval()) < 0 ? retry : c.interval();
        nextRetry = retry.multipliedBy(2);
      }
    } catch (Throwable t) {
      // cycle() records its own failures, Errors included; this is for the listener, and keeps
      // the chain going whatever it was: an unscheduled next cycle would never run again
      BackgroundTask.logFailure(c.name() + ": collection", t);
    } finally {
      scheduleNext(c, next, nextRetry);
    }
  }

  /**
   * Runs one cycle of every collector now, one after the other in this thread, told to the
   * listener as a scheduled cycle is: for tests and benchmarks that drive collection themselves
   * instead of calling {@link #start}.
   *
   * @return whether every cycle succeeded
   */
  public boolean collectNow() {
    boolean all = true;
    for (VcenterCollector c : collectors) {
      all &= cycle(c);
    }
    return all;
  }

  /**
   * Runs one collector's cycle now, told to the cycle listener as a scheduled one is: for
   * benchmarks that run the vCenters' cycles at once, each in a thread of its own.
   *
   * @return whether it succeeded
   */
  public boolean cycle(VcenterCollector c) {
    long start = System.nanoTime();
    boolean ok = c.cycle();
    afterCycle.cycled(c.snapshot(), System.nanoTime() - start);
    return ok;
  }

  /** The collectors, one per vCenter, in the configuration's order. */
  public List<VcenterCollector> collectors() {
    return collectors;
  }

  private void scheduleNext(VcenterCollector c, Duration next, Duration retry) {
    if (executor.isShutdown()) {
      return;
    }
    Duration wait = next.isNegative() ? Duration.ZERO : next;
    try {
      executor.schedule(() -> runAndReschedule(c, retry), wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException ignored) {
      // closed between the check and the call: stopping
    }
  }

  private void prune() {
    int removed = store.pruneNotUpdatedSince(clock.instant().minus(retention));
    if (removed > 0) {
      logger.info("removed the history of {} entities not seen for {} days", removed, retention.toDays());
    }
  }

  @Override
  public List<VcenterSnapshot> snapshots() {
    return collectors.stream().map(VcenterCollector::snapshot).toList();
  }

  /** Stops the cycles and logs out of every vCenter. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    collectors.forEach(VcenterCollector::close);
  }
}
