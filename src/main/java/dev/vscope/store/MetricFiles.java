package dev.vscope.store;

import dev.vscope.store.WriteAheadLog.MetricSamples;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.rrd4j.core.Archive;
import org.rrd4j.core.RrdDb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RRD files of {@link RrdHistoryStore}, one per entity and metric under a root directory: their
 * names, creating them (complete, through a temporary file), appending samples, opening them
 * (moving aside a file that rrd4j cannot read or whose layout is not {@link RrdSchema}'s), and
 * reading an archive's rows. Knows nothing of locks or waiting samples: the store calls it under
 * the entity's lock.
 */
final class MetricFiles {

  static final String SUFFIX = ".rrd";
  static final String TEMP_SUFFIX = ".rrd.tmp";
  static final String CORRUPT_SUFFIX = ".rrd.corrupt";

  private static final Logger logger = LoggerFactory.getLogger(MetricFiles.class);

  private final Path root;
  private final Clock clock;
  private final Consumer<Path> movedAside;
  private final WholeFileBackendFactory opener =
      new WholeFileBackendFactory(WholeFileBackendFactory.Mode.OPEN);
  private final WholeFileBackendFactory creator =
      new WholeFileBackendFactory(WholeFileBackendFactory.Mode.CREATE);
  private final WholeFileBackendFactory scratch =
      new WholeFileBackendFactory(WholeFileBackendFactory.Mode.SCRATCH);

  /**
   * @param root absolute, normalized directory
   * @param clock names the moved-aside files
   * @param movedAside told of every file moved aside (before the move)
   */
  MetricFiles(Path root, Clock clock, Consumer<Path> movedAside) {
    this.root = root;
    this.clock = clock;
    this.movedAside = movedAside;
  }

  /** The file of a metric of an entity whose id is encoded already; the metric is encoded here. */
  Path file(String encodedEntity, String metric) {
    return root.resolve(encodedEntity).resolve(FileNames.encode(metric) + SUFFIX);
  }

  /** Like {@link #file} for raw ids; empty when either cannot be a file name. */
  Optional<Path> file(Optional<String> encodedEntity, String metric) {
    if (encodedEntity.isEmpty() || FileNames.tryEncode(metric).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(file(encodedEntity.get(), metric));
  }

  /**
   * Appends the samples (slots ascending) after the file's last one, creating the file if there is
   * none.
   *
   * @throws StoreException naming the file, when it cannot be written
   */
  void write(Path file, MetricSamples samples) {
    try {
      RrdDb existing = open(file, false);
      if (existing != null) {
        try (RrdDb db = existing) {
          append(db, samples);
        }
      } else {
        create(file, samples);
      }
    } catch (IOException | RuntimeException e) {
      throw new StoreException(file, "cannot write history file", e);
    }
  }

  /**
   * A copy in memory of the file (or a new RRD when there is none) with the samples appended;
   * nothing is written. The caller closes it.
   */
  RrdDb withSamples(Path file, MetricSamples samples) throws IOException {
    RrdDb db = open(file, false, scratch);
    if (db == null) {
      db =
          RrdDb.getBuilder()
              .setRrdDef(RrdSchema.definition(uri(file), samples.slots()[0] - RrdSchema.STEP))
              .setBackendFactory(scratch)
              .build();
    }
    try {
      append(db, samples);
    } catch (IOException | RuntimeException e) {
      db.close();
      throw e;
    }
    return db;
  }

  /**
   * Opens a metric file, or returns null when there is none. A file rrd4j cannot read or that has
   * another layout is moved aside first (and null returned); an I/O error reading it is thrown.
   */
  RrdDb open(Path file, boolean readOnly) throws IOException {
    return open(file, readOnly, opener);
  }

  private RrdDb open(Path file, boolean readOnly, WholeFileBackendFactory factory) throws IOException {
    RrdDb db;
    try {
      db =
          RrdDb.getBuilder()
              .setPath(uri(file))
              .setBackendFactory(factory)
              .setReadOnly(readOnly)
              .build();
    } catch (FileNotFoundException | NoSuchFileException e) {
      return null;
    } catch (WholeFileBackendFactory.FileReadException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      moveAside(file, e.toString());
      return null;
    }
    List<String> problems = RrdSchema.problems(db);
    if (problems.isEmpty()) {
      return db;
    }
    db.close(); // nothing was changed, so nothing is written
    moveAside(file, String.join("; ", problems));
    return null;
  }

  /** {@code count} consecutive rows of an archive from time {@code first}; NaN where not kept. */
  static double[] points(Archive archive, long first, int count) throws IOException {
    double[] values = new double[count];
    Arrays.fill(values, Double.NaN);
    long step = archive.getArcStep();
    long start = archive.getStartTime();
    long from = Math.max(first, start);
    long to = Math.min(first + (count - 1) * step, archive.getEndTime());
    if (from <= to) {
      int n = (int) ((to - from) / step) + 1;
      double[] stored = archive.getRobin(0).getValues((int) ((from - start) / step), n);
      System.arraycopy(stored, 0, values, (int) ((from - first) / step), n);
    }
    return values;
  }

  /** The metric a {@code .rrd} or {@code .rrd.tmp} file belongs to, if the store named it. */
  static Optional<String> metricName(Path file) {
    return FileNames.decode(baseName(file));
  }

  /** Creates the file through a temporary file. */
  private void create(Path file, MetricSamples samples) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(baseName(file) + TEMP_SUFFIX);
    try {
      try (RrdDb db =
          RrdDb.getBuilder()
              .setRrdDef(RrdSchema.definition(uri(temp), samples.slots()[0] - RrdSchema.STEP))
              .setBackendFactory(creator)
              .build()) {
        append(db, samples);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Stores the samples (slots ascending) after the last stored one. */
  private static void append(RrdDb db, MetricSamples samples) throws IOException {
    long last = db.getLastUpdateTime();
    long[] slots = samples.slots();
    for (int i = 0; i < slots.length; i++) {
      long slot = slots[i];
      if (slot <= last) {
        continue;
      }
      if (slot - last > RrdSchema.STEP) {
        // A hole: make it explicit, so that this sample covers only its own step.
        db.createSample(slot - RrdSchema.STEP).update();
      }
      db.createSample(slot).setValue(0, samples.values()[i]).update();
      last = slot;
    }
  }

  private void moveAside(Path file, String reason) throws IOException {
    movedAside.accept(file);
    Path target = file.resolveSibling(baseName(file) + CORRUPT_SUFFIX);
    try {
      Files.move(file, target);
    } catch (FileAlreadyExistsException e) {
      target = file.resolveSibling(baseName(file) + CORRUPT_SUFFIX + "-" + clock.millis());
      Files.move(file, target);
    }
    logger.warn(
        "History file {} is unreadable ({}); moved it aside to {}, a new file starts with the next"
            + " sample",
        file,
        reason,
        target.getFileName());
  }

  /** The encoded metric name: the file name without the store's suffixes. */
  private static String baseName(Path file) {
    String name = file.getFileName().toString();
    for (String suffix : new String[] {TEMP_SUFFIX, SUFFIX}) {
      if (name.endsWith(suffix)) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return name;
  }

  /** A scheme-less URI whose path is the file's path, as rrd4j's file factories expect. */
  private static URI uri(Path file) {
    try {
      return new URI(null, null, file.toString(), null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("unusable path " + file, e);
    }
  }
}
