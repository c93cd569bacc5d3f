package dev.vscope.store.prom;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background thread that moves records from the {@link SegmentBuffer} to the engine, in buffer
 * order, several records per request.
 *
 * <ul>
 *   <li><b>Never drops on failure</b>: when the engine is unreachable or answers 429/5xx (or the
 *       endpoint is misconfigured, see {@link RemoteWriteClient.Outcome.Retry}), the same request
 *       is sent again after a capped exponential {@link Backoff}, for as long as it takes. Nothing
 *       after it is sent meanwhile, so the engine receives every series in time order, which
 *       Prometheus requires.
 *   <li><b>Moves on after a rejection</b>: a 4xx such as 400 means the engine will never take this
 *       data (a sample older than what it has, a label it refuses). Retrying would block every
 *       later sample forever behind one poison request, so the request is given up, with its
 *       reason in the log. Because Prometheus refuses a whole request for a single bad sample, a
 *       rejected request of several records is first split and its records sent one by one: only
 *       the records the engine refuses on their own are given up.
 *   <li>A record is acknowledged to the buffer once delivered or given up, so its segment can be
 *       deleted; after a restart sending resumes at the first unacknowledged record.
 * </ul>
 */
final class RemoteWriteSender {

  static final int MAX_RECORDS_PER_REQUEST = 500;
  static final long MAX_BYTES_PER_REQUEST = 1L << 20;
  /** While the engine stays down, the warning is repeated this often (with the buffer size). */
  private static final Duration OUTAGE_REMINDER = Duration.ofMinutes(10);

  private static final Logger logger = LoggerFactory.getLogger(RemoteWriteSender.class);

  private final SegmentBuffer buffer;
  private final RemoteWriteClient client;
  private final Backoff backoff;
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final Thread thread;
  private volatile boolean stopping;

  // State of the current outage, only touched by the sender thread.
  private int failedAttempts;
  private long outageStartNanos;
  private long nextReminderNanos;

  RemoteWriteSender(SegmentBuffer buffer, RemoteWriteClient client, Backoff backoff) {
    this.buffer = buffer;
    this.client = client;
    this.backoff = backoff;
    this.thread = new Thread(this::run, "vscope-remote-write");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Records delivered since start. */
  long delivered() {
    return delivered.get();
  }

  /** Records given up since start (the engine rejected them). */
  long rejected() {
    return rejected.get();
  }

  /**
   * Stops the thread: a wait in progress ends at once, a request in progress is given {@code
   * grace} to finish, then interrupted. What is not acknowledged stays in the buffer for the next
   * start.
   */
  void stop(Duration grace) throws InterruptedException {
    stopping = true;
    stopSignal.countDown();
    buffer.wakeUp();
    thread.join(grace.toMillis());
    if (thread.isAlive()) {
      thread.interrupt();
      thread.join(grace.toMillis());
    }
    if (thread.isAlive()) {
      logger.warn("The remote-write sender did not stop within {}", grace.multipliedBy(2));
    }
  }

  private void run() {
    Position position = buffer.acked();
    try {
      while (!stopping) {
        SegmentBuffer.Batch batch;
        try {
          batch = buffer.read(position, MAX_RECORDS_PER_REQUEST, MAX_BYTES_PER_REQUEST);
        } catch (IOException e) {
          logger.error("Cannot read the remote-write buffer {}: {}", buffer.directory(), e.toString());
          pause();
          continue;
        }
        if (batch.entries().isEmpty()) {
          if (position.isBefore(batch.next())) {
            buffer.ack(batch.next()); // skipped only empty segments: they can go
          }
          position = batch.next();
          buffer.awaitAppend(position, 1, TimeUnit.SECONDS);
          continue;
        }
        if (!deliver(batch.entries())) {
          return; // stopping
        }
        position = batch.next();
        buffer.ack(position);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      logger.error("The remote-write sender stopped on an unexpected error; samples stay buffered", e);
    }
  }

  /** Delivers or gives up every entry, acknowledging as it goes; false when stopping first. */
  private boolean deliver(List<SegmentBuffer.Entry> entries) throws InterruptedException {
    List<WriteRecord> records = new ArrayList<>(entries.size());
    List<SegmentBuffer.Entry> decoded = new ArrayList<>(entries.size());
    for (SegmentBuffer.Entry entry : entries) {
      try {
        records.add(RecordCodec.decode(entry.payload()));
        decoded.add(entry);
      } catch (IOException e) {
        // Passed its CRC, so written like this: a bug, not damage. Skipping it is all we can do.
        logger.error("Skipped an unreadable remote-write buffer record: {}", e.toString());
        rejected.incrementAndGet();
      }
    }
    if (records.isEmpty()) {
      return true;
    }
    RemoteWriteClient.Outcome outcome = sendUntilSettled(records);
    if (outcome == null) {
      return false;
    }
    if (outcome instanceof RemoteWriteClient.Outcome.Delivered) {
      delivered.addAndGet(records.size());
      return true;
    }
    RemoteWriteClient.Outcome.Rejected rejection = (RemoteWriteClient.Outcome.Rejected) outcome;
    if (records.size() == 1) {
      giveUp(records.get(0), rejection);
      return true;
    }
    logger.info(
        "The engine rejected a request of {} records ({}); sending them one by one to keep the"
            + " good ones",
        records.size(),
        rejection.reason());
    for (int i = 0; i < records.size(); i++) {
      RemoteWriteClient.Outcome single = sendUntilSettled(List.of(records.get(i)));
      if (single == null) {
        return false;
      }
      if (single instanceof RemoteWriteClient.Outcome.Rejected r) {
        giveUp(records.get(i), r);
      } else {
        delivered.incrementAndGet();
      }
      buffer.ack(decoded.get(i).end());
    }
    return true;
  }

  private void giveUp(WriteRecord record, RemoteWriteClient.Outcome.Rejected rejection) {
    rejected.incrementAndGet();
    logger.warn(
        "The engine rejected {} samples of {} ({} metrics, {} .. {}): {}; they are dropped, the"
            + " following samples are sent",
        record.sampleCount(),
        record.entity(),
        record.metrics().size(),
        firstTimestamp(record),
        lastTimestamp(record),
        rejection.reason());
  }

  /**
   * Sends until the engine accepts or rejects the records, waiting between failed attempts.
   * Returns null when stopping.
   */
  private RemoteWriteClient.Outcome sendUntilSettled(List<WriteRecord> records)
      throws InterruptedException {
    byte[] request = RemoteWriteEncoder.encode(records);
    while (!stopping) {
      RemoteWriteClient.Outcome outcome = client.send(request);
      if (outcome instanceof RemoteWriteClient.Outcome.Retry retry) {
        noteFailure(retry.reason());
        if (!pause()) {
          return null;
        }
        continue;
      }
      noteSuccess();
      return outcome;
    }
    return null;
  }

  private void noteFailure(String reason) {
    long now = System.nanoTime();
    if (failedAttempts++ == 0) {
      outageStartNanos = now;
      nextReminderNanos = now + OUTAGE_REMINDER.toNanos();
      logger.warn(
          "Remote write to {} failed: {}; samples are kept on disk ({} bytes buffered) and sent"
              + " when it works again, retrying with backoff up to {} s",
          client.url(),
          reason,
          buffer.pendingBytes(),
          backoff.max().toMillis() / 1000.0);
    } else if (now - nextReminderNanos >= 0) {
      nextReminderNanos = now + OUTAGE_REMINDER.toNanos();
      logger.warn(
          "Remote write to {} still failing after {} attempts over {} s: {}; {} bytes buffered",
          client.url(),
          failedAttempts,
          TimeUnit.NANOSECONDS.toSeconds(now - outageStartNanos),
          reason,
          buffer.pendingBytes());
    } else {
      logger.debug("Remote write attempt {} failed: {}", failedAttempts, reason);
    }
  }

  private void noteSuccess() {
    if (failedAttempts > 0) {
      logger.info(
          "Remote write to {} works again after {} failed attempts over {} s; sending the {}"
              + " buffered bytes",
          client.url(),
          failedAttempts,
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - outageStartNanos),
          buffer.pendingBytes());
      failedAttempts = 0;
    }
    backoff.reset();
  }

  /** Waits the next backoff delay; false when asked to stop meanwhile. */
  private boolean pause() throws InterruptedException {
    return !stopSignal.await(backoff.nextDelayMillis(), TimeUnit.MILLISECONDS) && !stopping;
  }

  private static String firstTimestamp(WriteRecord record) {
    long min = Long.MAX_VALUE;
    for (WriteRecord.MetricSamples m : record.metrics()) {
      if (!m.samples().isEmpty()) {
        min = Math.min(min, m.samples().get(0).timestampMs());
      }
    }
    return min == Long.MAX_VALUE ? "-" : java.time.Instant.ofEpochMilli(min).toString();
  }

  private static String lastTimestamp(WriteRecord record) {
    long max = Long.MIN_VALUE;
    for (WriteRecord.MetricSamples m : record.metrics()) {
      if (!m.samples().isEmpty()) {
        max = Math.max(max, m.samples().get(m.samples().size() - 1).timestampMs());
      }
    }
    return max == Long.MIN_VALUE ? "-" : java.time.Instant.ofEpochMilli(max).toString();
  }
}
