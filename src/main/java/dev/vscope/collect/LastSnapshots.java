package dev.vscope.collect;

import dev.vscope.LogText;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last snapshot of each vCenter, kept in {@code <storage.path>/inventory/<vcenter>.json.gz} so
 * that after a restart the dashboard shows the last known state, as the previous run's, instead of
 * staying empty until a cycle succeeds: for the whole outage when vCenter is down (issue 15).
 *
 * <p>Saved after each successful cycle, once: it is told about every cycle as the scheduler's
 * listener, and hands the snapshot to a writer thread of its own, so that the cycle and the next
 * one's schedule do not wait for it (at 40,000 VMs the file is 5 MB of gzip'd JSON, 0.6 to 3.7 s
 * to write on a busy machine). A snapshot that arrives while an older one of the same vCenter still
 * waits replaces it: only the newest is worth writing. {@link #close} writes what waits. A file
 * that cannot be read is logged and ignored (the dashboard then starts empty, as without one); one
 * that cannot be written is logged, and collection goes on.
 */
public final class LastSnapshots implements CollectorScheduler.CycleListener, AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(LastSnapshots.class);
  private static final long CLOSE_WAIT_SECONDS = 30;

  private final Path dir;
  /** The newest snapshot of each vCenter not written yet. */
  private final Map<String, VcenterSnapshot> waiting = new ConcurrentHashMap<>();
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "vscope-snapshot-writer");
    t.setDaemon(true);
    return t;
  });

  /** @param storage the data directory ({@code storage.path}) */
  public LastSnapshots(Path storage) {
    this.dir = storage.resolve("inventory");
  }

  SnapshotFile file(String vcenter) {
    return new SnapshotFile(dir.resolve(vcenter + ".json.gz"));
  }

  /** Shows the collector's saved snapshot, if it has a usable one, until its first successful cycle. */
  public void restore(VcenterCollector collector) {
    SnapshotFile file = file(collector.name());
    try {
      SnapshotFile.Saved saved = file.read(collector.name());
      collector.startFrom(saved);
      logger.info("{}: showing the inventory of the previous run, collected at {}, until the first cycle", collector.name(),
          saved.collectedAt());
    } catch (NoSuchFileException ignored) {
      // first start, or no cycle ever succeeded
    } catch (IOException e) {
      logger.warn("{}: the previous run's inventory ({}) is ignored: {}", collector.name(), file.path(), LogText.of(e.getMessage()));
    }
  }

  /** Saves the snapshot of a cycle that succeeded, on the writer thread. */
  @Override
  public void cycled(VcenterSnapshot snapshot, long nanos) {
    VcenterStatus status = snapshot.status();
    if (status.state() != CollectionState.OK || status.fromPreviousRun() || snapshot.inventory() == null) {
      return;
    }
    if (waiting.put(status.name(), snapshot) == null) {
      try {
        writer.execute(() -> write(status.name()));
      } catch (RejectedExecutionException e) {
        waiting.remove(status.name()); // closed: the cycle ended during shutdown
      }
    }
  }

  /** Writes the newest waiting snapshot of a vCenter; never throws, so the writer thread lives on. */
  private void write(String vcenter) {
    VcenterSnapshot snapshot = waiting.remove(vcenter);
    if (snapshot == null) {
      return;
    }
    VcenterStatus status = snapshot.status();
    SnapshotFile file = file(vcenter);
    try {
      file.write(SnapshotFile.Saved.of(vcenter, status.lastSuccess(), snapshot.inventory(), snapshot.latest(), snapshot.outlooks()));
    } catch (IOException | RuntimeException e) {
      logger.warn("{}: cannot save the inventory for the next start ({}): {}", vcenter, file.path(), LogText.of(e.getMessage()));
    }
  }

  /** Writes the snapshots that wait (waiting at most 30 s), then stops the writer thread. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        logger.warn("the inventory for the next start is not saved: still writing after {} s", CLOSE_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
