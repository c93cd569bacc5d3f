package dev.vscope.store.embedded;

import dev.vscope.store.FileNames;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the partition files are, {@code <root>/<family>/<shard>/<step>-<partition>} (the family
 * name encoded by {@link FileNames}), and a bounded cache of the open ones.
 *
 * <p>At vCenter's maximum there are about 3,000 partition files; the cache keeps up to {@value
 * #MAX_OPEN} open, the least recently used closed first (a caller still holding one opens it again,
 * see {@link PartitionFile}). A file whose header is not what the store expects is moved aside to
 * {@code <name>.corrupt-<time>} with a warning, never deleted, and counts as absent. Thread-safe.
 */
final class PartitionFiles {

  static final int MAX_OPEN = 4_096;

  private static final Logger logger = LoggerFactory.getLogger(PartitionFiles.class);

  private final Path root;
  private final Map<Key, PartitionFile> open =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, PartitionFile> eldest) {
          if (size() <= MAX_OPEN) {
            return false;
          }
          release(eldest.getValue());
          return true;
        }
      };

  /**
   * Partitions known not to exist: reads over ranges with no history (the months before a VM was
   * made) ask for them again and again, and a failed open costs an exception each time.
   */
  private final Set<Key> absent = new HashSet<>();

  private static final int MAX_ABSENT = 100_000;

  /** One partition file. */
  record Key(Tier tier, String family, int shard, long partition) {}

  PartitionFiles(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  Path path(Key key) {
    return root.resolve(FileNames.encode(key.family)).resolve(Integer.toString(key.shard))
        .resolve(key.tier.step() + "-" + key.partition);
  }

  /** The file, created if it does not exist yet. */
  synchronized PartitionFile forWrite(Key key) throws IOException {
    PartitionFile file = forRead(key);
    if (file == null) {
      file = PartitionFile.create(path(key), key.tier, key.partition, Shards.capacity(key.shard));
      absent.remove(key);
      open.put(key, file);
    }
    return file;
  }

  /** The file, or null when there is none. */
  synchronized PartitionFile forRead(Key key) throws IOException {
    PartitionFile file = open.get(key);
    if (file != null || absent.contains(key)) {
      return file;
    }
    Path path = path(key);
    try {
      file = PartitionFile.open(path, key.tier, key.partition, Shards.capacity(key.shard));
    } catch (NoSuchFileException e) {
      if (absent.size() >= MAX_ABSENT) {
        absent.clear();
      }
      absent.add(key);
      return null;
    } catch (PartitionFile.BadPartitionException e) {
      moveAside(path, e.getMessage());
      return null;
    }
    open.put(key, file);
    return file;
  }

  /** The partitions of a tier that exist for a shard, ascending. */
  List<Long> partitions(Tier tier, String family, int shard) throws IOException {
    Path dir = root.resolve(FileNames.encode(family)).resolve(Integer.toString(shard));
    List<Long> found = new ArrayList<>();
    String prefix = tier.step() + "-";
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*")) {
      for (Path f : files) {
        String name = f.getFileName().toString().substring(prefix.length());
        if (name.matches("-?[0-9]+")) {
          found.add(Long.parseLong(name));
        }
      }
    } catch (NoSuchFileException e) {
      return found;
    }
    found.sort(null);
    return found;
  }

  /** Deletes a partition file; a no-op when it is gone already. */
  synchronized void delete(Key key) throws IOException {
    PartitionFile file = open.remove(key);
    if (file != null) {
      release(file);
    }
    Files.deleteIfExists(path(key));
  }

  synchronized void closeAll() {
    open.values().forEach(PartitionFiles::release);
    open.clear();
  }

  synchronized int openFiles() {
    return open.size();
  }

  private static void release(PartitionFile file) {
    try {
      file.release();
    } catch (IOException e) {
      logger.warn("cannot close {}: {}", file.path(), e.toString());
    }
  }

  private static void moveAside(Path path, String why) {
    Path aside = path.resolveSibling(path.getFileName() + ".corrupt-" + System.currentTimeMillis());
    try {
      Files.move(path, aside, StandardCopyOption.ATOMIC_MOVE);
      logger.warn("Moved a damaged history partition aside to {}: {}", aside, why);
    } catch (IOException e) {
      logger.warn("Cannot move the damaged history partition {} aside ({}): {}", path, e, why);
    }
  }
}
