package dev.vscope.collect;

import dev.vscope.LogText;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last snapshot of each vCenter, kept in {@code <storage.path>/inventory/<vcenter>.json.gz} so
 * that after a restart the dashboard shows the last known state, as the previous run's, instead of
 * staying empty until a cycle succeeds: for the whole outage when vCenter is down (issue 15).
 *
 * <p>Saved after each successful cycle, once: it is told about every cycle as the scheduler's
 * listener. A file that cannot be read is logged and ignored (the dashboard then starts empty, as
 * without one); one that cannot be written is logged, and collection goes on.
 */
public final class LastSnapshots implements CollectorScheduler.CycleListener {

  private static final Logger logger = LoggerFactory.getLogger(LastSnapshots.class);

  private final Path dir;

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

  /** Saves the snapshot of a cycle that succeeded. */
  @Override
  public void cycled(VcenterSnapshot snapshot, long nanos) {
    VcenterStatus status = snapshot.status();
    if (status.state() != CollectionState.OK || status.fromPreviousRun() || snapshot.inventory() == null) {
      return;
    }
    SnapshotFile file = file(status.name());
    try {
      file.write(SnapshotFile.Saved.of(status.name(), status.lastSuccess(), snapshot.inventory(), snapshot.latest()));
    } catch (IOException e) {
      logger.warn("{}: cannot save the inventory for the next start ({}): {}", status.name(), file.path(), LogText.of(e.getMessage()));
    }
  }
}
