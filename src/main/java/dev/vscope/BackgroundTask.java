package dev.vscope;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task of a background loop that never ends the loop: whatever it throws, {@link Error}s such as
 * {@code OutOfMemoryError} included, is logged and swallowed. A scheduled executor cancels a
 * periodic task for good the first time it throws, and keeps what it threw in a future nobody
 * reads: without this wrapper, one failure stops the loop silently.
 *
 * <pre>{@code
 * executor.scheduleWithFixedDelay(new BackgroundTask("session maintenance", sessions::maintain), 30, 30, SECONDS);
 * }</pre>
 *
 * <p>When the JVM runs with {@code -XX:+ExitOnOutOfMemoryError} (the systemd unit does) an
 * OutOfMemoryError never gets here: the process exits and is restarted.
 */
public final class BackgroundTask implements Runnable {

  private static final Logger logger = LoggerFactory.getLogger(BackgroundTask.class);

  private final String what;
  private final Runnable task;

  /** @param what names the loop in the log: "{what} failed" */
  public BackgroundTask(String what, Runnable task) {
    this.what = what;
    this.task = task;
  }

  @Override
  public void run() {
    try {
      task.run();
    } catch (Throwable t) {
      logFailure(what, t);
    }
  }

  /**
   * Logs a background failure with its stack trace. Never throws: when the heap is exhausted even
   * formatting the message can fail, and the loop must still go on.
   */
  public static void logFailure(String what, Throwable t) {
    try {
      logger.error("{} failed", what, t);
    } catch (Throwable ignored) {
      // nothing left to report it with; the caller goes on regardless
    }
  }
}
