package dev.vscope.store.embedded;

import dev.vscope.store.LegacyRrdHistory;
import dev.vscope.store.Sample;
import dev.vscope.store.TimeRange;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports the rrd4j history of vscope's earlier store at the first opening of a directory that holds
 * it: each archive row into the tier of its range, unchanged (both keep AVERAGE and MAX of the same
 * windows, so graphs read the same before and after), then the samples of its write-ahead log
 * through the normal write path. An import cut short by a crash goes on at the next opening: files
 * are deleted only once imported, and importing a row again writes the same cells.
 */
final class LegacyImport implements LegacyRrdHistory.Sink {

  private static final Logger logger = LoggerFactory.getLogger(LegacyImport.class);

  private final EmbeddedHistoryStore store;
  private final Path dir;

  LegacyImport(EmbeddedHistoryStore store, Path dir) {
    this.store = store;
    this.dir = dir;
  }

  void run(Clock clock, Watermarks watermarks) throws IOException {
    if (!LegacyRrdHistory.present(dir)) {
      return;
    }
    logger.info("Importing the rrd4j history in {} into the new store; this happens once", dir);
    long started = System.nanoTime();
    int files = LegacyRrdHistory.importInto(dir, clock, this);
    // the imported windows are as the earlier store computed them: none is to be computed again
    for (Tier t : Tier.values()) {
      watermarks.dirty(t).clear();
    }
    store.checkpoint();
    logger.info("Imported the history of {} metrics in {} s", files, (System.nanoTime() - started) / 1_000_000_000L);
  }

  @Override
  public void window(String entityId, String metric, TimeRange range, long end, double avg, double max) throws IOException {
    store.importWindow(entityId, metric, range, end, avg, max);
  }

  @Override
  public void last(String entityId, String metric, long epochSecond) throws IOException {
    store.importLast(entityId, metric, epochSecond);
  }

  @Override
  public void samples(String entityId, String metric, List<Sample> samples) {
    store.write(entityId, Map.of(metric, samples));
  }
}
