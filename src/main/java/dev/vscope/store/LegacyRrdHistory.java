package dev.vscope.store;

import dev.vscope.store.WriteAheadLog.MetricSamples;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rrd4j.ConsolFun;
import org.rrd4j.core.Archive;
import org.rrd4j.core.RrdDb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the history that vscope's earlier store left in a directory: one rrd4j file per entity and
 * metric ({@code <entity>/<metric>.rrd}, see {@link RrdSchema}), and its write-ahead log ({@code
 * .wal/}) of samples not yet in those files when it stopped. The embedded store imports them at its
 * first opening, then they are deleted: each file once its rows are imported, the log at the end.
 *
 * <p>A file that rrd4j cannot read or whose layout is not the store's is moved aside ({@code
 * .rrd.corrupt-<time>}) with a warning, as that store did, and not imported.
 */
public final class LegacyRrdHistory {

  private static final Logger logger = LoggerFactory.getLogger(LegacyRrdHistory.class);
  private static final String WAL_DIRECTORY = ".wal";

  /** Where the imported history goes. */
  public interface Sink {
    /** One row of an archive: the window of {@code range} ending at {@code end}; called for known rows only. */
    void window(String entityId, String metric, TimeRange range, long end, double avg, double max) throws IOException;

    /** The file's last update time, after its rows. */
    void last(String entityId, String metric, long epochSecond) throws IOException;

    /** Samples that were still in the write-ahead log, after every file. */
    void samples(String entityId, String metric, List<Sample> samples) throws IOException;
  }

  private LegacyRrdHistory() {}

  /** Whether the directory holds history of the earlier store. */
  public static boolean present(Path root) throws IOException {
    if (Files.isDirectory(root.resolve(WAL_DIRECTORY))) {
      return true;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path dir : dirs) {
        if (FileNames.decode(dir.getFileName().toString()).isPresent() && hasRrd(dir)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean hasRrd(Path dir) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + MetricFiles.SUFFIX)) {
      return files.iterator().hasNext();
    }
  }

  /**
   * Imports everything into the sink and deletes what was imported.
   *
   * @return the number of metric files imported
   */
  public static int importInto(Path root, Clock clock, Sink sink) throws IOException {
    MetricFiles files = new MetricFiles(root, clock, p -> {});
    int imported = 0;
    List<Path> dirs = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, Files::isDirectory)) {
      entries.forEach(dirs::add);
    }
    for (Path dir : dirs) {
      Optional<String> entity = FileNames.decode(dir.getFileName().toString());
      if (entity.isEmpty()) {
        continue;
      }
      List<Path> rrds = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + MetricFiles.SUFFIX)) {
        entries.forEach(rrds::add);
      }
      for (Path file : rrds) {
        Optional<String> metric = MetricFiles.metricName(file);
        if (metric.isEmpty()) {
          continue;
        }
        RrdDb opened = files.open(file, true);
        if (opened == null) {
          continue; // moved aside as damaged, with a warning
        }
        try (RrdDb db = opened) {
          for (TimeRange range : TimeRange.values()) {
            copy(db, entity.get(), metric.get(), range, sink);
          }
          sink.last(entity.get(), metric.get(), db.getLastUpdateTime());
        }
        Files.delete(file);
        imported++;
      }
      try {
        Files.delete(dir);
      } catch (IOException e) {
        logger.info("Kept {} after importing its history: it holds other files ({})", dir, e.toString());
      }
    }
    replayLog(root, clock, sink);
    return imported;
  }

  private static void copy(RrdDb db, String entity, String metric, TimeRange range, Sink sink) throws IOException {
    int steps = RrdSchema.steps(range);
    Archive avg = db.getArchive(ConsolFun.AVERAGE, steps);
    Archive max = db.getArchive(ConsolFun.MAX, steps);
    long step = avg.getArcStep();
    long first = avg.getStartTime();
    int count = (int) ((avg.getEndTime() - first) / step) + 1;
    double[] avgs = MetricFiles.points(avg, first, count);
    double[] maxs = MetricFiles.points(max, first, count);
    for (int i = 0; i < count; i++) {
      if (!Double.isNaN(avgs[i])) {
        sink.window(entity, metric, range, first + i * step, avgs[i], maxs[i]);
      }
    }
  }

  private static void replayLog(Path root, Clock clock, Sink sink) throws IOException {
    Path wal = root.resolve(WAL_DIRECTORY);
    if (!Files.isDirectory(wal)) {
      return;
    }
    List<Object[]> records = new ArrayList<>();
    WriteAheadLog log = WriteAheadLog.open(wal, clock, RrdSchema.STEP, (segment, entityId, samples) -> records.add(new Object[] {entityId, samples}));
    log.close();
    for (Object[] r : records) {
      @SuppressWarnings("unchecked")
      List<MetricSamples> samples = (List<MetricSamples>) r[1];
      for (MetricSamples m : samples) {
        List<Sample> list = new ArrayList<>(m.slots().length);
        for (int i = 0; i < m.slots().length; i++) {
          list.add(new Sample(m.slots()[i], m.values()[i]));
        }
        sink.samples((String) r[0], m.metric(), list);
      }
    }
    try (DirectoryStream<Path> segments = Files.newDirectoryStream(wal)) {
      for (Path s : segments) {
        Files.delete(s);
      }
    }
    Files.delete(wal);
    logger.info("Imported {} records of the earlier store's write-ahead log", records.size());
  }
}
