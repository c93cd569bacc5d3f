package dev.vscope.store.embedded;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import dev.vscope.store.RecordLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which slot of which metric family holds each series (entity + metric name), kept in memory and in
 * an append-only journal, {@code series.log}.
 *
 * <p>A family is a metric name without its instance ({@code net.rx} for {@code net.rx[vmnic0]}), so
 * that the same measure of every entity is side by side on disk, which is what a query across
 * entities (the top N VMs by CPU ready) reads. A new series takes the family's first free slot; a
 * slot freed by {@link #remove} (an entity gone for longer than the retention) is taken again with a
 * {@code validFrom} time, before which the store shows that slot's old cells as unknown.
 *
 * <p>Journal records are {@link RecordLog}'s, as in the Prometheus store's buffer; a new series is in the journal
 * (one positional write, in the page cache, so it survives {@code kill -9}) before its first sample
 * is written. A torn or damaged record ends the replay with a warning and is cut off: the samples
 * written after it belonged to series that the collector writes again. The journal is rewritten
 * compactly when it opens with more removed series than live ones.
 *
 * <p>Thread-safe; {@link #add} is serialized, lookups are not.
 */
final class SeriesRegistry implements AutoCloseable {

  static final String FILE = "series.log";
  private static final byte ADD = 1;
  private static final byte REMOVE = 2;
  private static final int MAX_RECORD = 1 << 16;
  private static final Logger logger = LoggerFactory.getLogger(SeriesRegistry.class);

  private final Path file;
  private final Map<String, Family> families = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Series>> byEntity = new ConcurrentHashMap<>();
  private FileChannel journal;
  private long journalEnd;

  /** One series: its family and slot. */
  record Series(Family family, int slot, String entity, String metric) {}

  /** A metric family: its slots, their series and their last sample times, in shards. */
  static final class Family {
    final String name;
    private volatile Shard[] shards = new Shard[0];
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private int size;

    Family(String name) {
      this.name = name;
    }

    /** Slots ever used, free ones included. */
    synchronized int size() {
      return size;
    }

    int shardCount() {
      return shards.length;
    }

    /** The shard holding a slot. */
    Shard shard(int slot) {
      return shards[Shards.of(slot)];
    }

    /** A shard by its number. */
    Shard shardAt(int shard) {
      return shards[shard];
    }

    private synchronized int take() {
      Integer reused = free.poll();
      if (reused != null) {
        return reused;
      }
      int slot = size++;
      use(slot);
      return slot;
    }

    private synchronized void use(int slot) {
      size = Math.max(size, slot + 1);
      int needed = Shards.of(slot) + 1;
      if (shards.length < needed) {
        Shard[] grown = java.util.Arrays.copyOf(shards, needed);
        for (int i = shards.length; i < needed; i++) {
          grown[i] = new Shard(Shards.capacity(i));
        }
        shards = grown;
      }
    }
  }

  /**
   * Per-slot state of one shard, by index in the shard. {@code last} is guarded by the store's
   * entity locks.
   */
  static final class Shard {
    final long[] last;
    final long[] validFrom;
    final Series[] series;

    Shard(int capacity) {
      last = new long[capacity];
      validFrom = new long[capacity];
      series = new Series[capacity];
      java.util.Arrays.fill(last, Long.MIN_VALUE);
    }
  }

  private SeriesRegistry(Path file) {
    this.file = file;
  }

  /** Opens (or creates) the journal in {@code dir} and replays it. */
  static SeriesRegistry open(Path dir) throws IOException {
    Files.createDirectories(dir);
    SeriesRegistry r = new SeriesRegistry(dir.resolve(FILE));
    int removed = r.replay();
    if (removed > r.count() && removed > 1000) {
      r.rewrite();
    }
    r.journal = FileChannel.open(r.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    r.journal.truncate(r.journalEnd);
    return r;
  }

  Series find(String entity, String metric) {
    Map<String, Series> m = byEntity.get(entity);
    return m == null ? null : m.get(metric);
  }

  /** The series of an entity, by metric name; empty when none. */
  Collection<Series> of(String entity) {
    Map<String, Series> m = byEntity.get(entity);
    return m == null ? List.of() : m.values();
  }

  Set<String> entities() {
    return byEntity.keySet();
  }

  Family family(String name) {
    return families.get(name);
  }

  Collection<Family> families() {
    return families.values();
  }

  int count() {
    return byEntity.values().stream().mapToInt(Map::size).sum();
  }

  /** The series, made (and journaled) if new; {@code now} is its {@code validFrom} on a reused slot. */
  synchronized Series add(String entity, String metric, long now) throws IOException {
    Series existing = find(entity, metric);
    if (existing != null) {
      return existing;
    }
    Family family = families.computeIfAbsent(familyOf(metric), Family::new);
    int before = family.size();
    int slot = family.take();
    long validFrom = slot < before ? now : 0;
    append(record(ADD, family.name, slot, entity, metric, validFrom));
    return install(family, slot, entity, metric, validFrom);
  }

  /** Frees a series' slot. */
  synchronized void remove(Series s) throws IOException {
    append(record(REMOVE, s.family.name, s.slot, s.entity, s.metric, 0));
    uninstall(s);
  }

  private Series install(Family family, int slot, String entity, String metric, long validFrom) {
    family.use(slot);
    Series s = new Series(family, slot, entity, metric);
    Shard shard = family.shard(slot);
    int i = Shards.index(slot);
    shard.series[i] = s;
    shard.validFrom[i] = validFrom;
    shard.last[i] = Long.MIN_VALUE;
    byEntity.computeIfAbsent(entity, e -> new ConcurrentHashMap<>(16)).put(metric, s);
    return s;
  }

  private void uninstall(Series s) {
    Shard shard = s.family.shard(s.slot);
    int i = Shards.index(s.slot);
    if (shard.series[i] == s) {
      shard.series[i] = null;
      shard.last[i] = Long.MIN_VALUE;
      synchronized (s.family) {
        s.family.free.add(s.slot);
      }
    }
    byEntity.computeIfPresent(s.entity, (e, m) -> {
      m.remove(s.metric, s);
      return m.isEmpty() ? null : m;
    });
  }

  /** {@code net.rx[vmnic0]} → {@code net.rx}. */
  static String familyOf(String metric) {
    int bracket = metric.indexOf('[');
    return bracket <= 0 ? metric : metric.substring(0, bracket);
  }

  private static ByteBuffer record(byte op, String family, int slot, String entity, String metric, long validFrom) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(op);
      out.writeUTF(family);
      out.writeInt(slot);
      out.writeUTF(entity);
      out.writeUTF(metric);
      out.writeLong(validFrom);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return RecordLog.frame(bytes.toByteArray(), MAX_RECORD);
  }

  private void append(ByteBuffer b) throws IOException {
    long at = journalEnd;
    while (b.hasRemaining()) {
      at += journal.write(b, at);
    }
    journalEnd = at;
  }

  /** Replays the journal; returns the number of REMOVE records. */
  private int replay() throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    int[] removed = {0};
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      RecordLog.End end = RecordLog.scan(ch, 0, MAX_RECORD, (offset, payload) -> {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
          byte op = in.readByte();
          Family family = families.computeIfAbsent(in.readUTF(), Family::new);
          int slot = in.readInt();
          String entity = in.readUTF();
          String metric = in.readUTF();
          long validFrom = in.readLong();
          if (op == ADD) {
            install(family, slot, entity, metric, validFrom);
          } else if (op == REMOVE) {
            Series s = find(entity, metric);
            if (s != null) {
              uninstall(s);
            }
            removed[0]++;
          }
        }
      });
      journalEnd = end.offset();
      if (end.problem() != null) {
        logger.warn("The series journal {} ends with {} at {}; its last {} bytes are cut off", file, end.problem(), end.offset(), ch.size() - end.offset());
      }
    }
    for (Family f : families.values()) {
      rebuildFree(f);
    }
    return removed[0];
  }

  private static void rebuildFree(Family f) {
    synchronized (f) {
      f.free.clear();
      for (int slot = 0; slot < f.size; slot++) {
        if (f.shard(slot).series[Shards.index(slot)] == null) {
          f.free.add(slot);
        }
      }
    }
  }

  /** Writes the live series to a new journal and swaps it in atomically. */
  private void rewrite() throws IOException {
    Path temp = file.resolveSibling(FILE + ".tmp");
    long written = 0;
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      List<Series> all = new ArrayList<>();
      byEntity.values().forEach(m -> all.addAll(m.values()));
      for (Series s : all) {
        Shard shard = s.family.shard(s.slot);
        ByteBuffer b = record(ADD, s.family.name, s.slot, s.entity, s.metric, shard.validFrom[Shards.index(s.slot)]);
        while (b.hasRemaining()) {
          written += out.write(b, written);
        }
      }
      out.force(true);
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    journalEnd = written;
  }

  @Override
  public synchronized void close() throws IOException {
    if (journal != null) {
      journal.close();
    }
  }
}
