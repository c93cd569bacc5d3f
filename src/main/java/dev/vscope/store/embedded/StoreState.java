package dev.vscope.store.embedded;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's checkpoint, {@code state}: the rollup watermarks and dirty windows, the oldest raw
 * time still kept, and every series' last sample time. Written whole to a temporary file and
 * renamed into place (at most every few minutes, and at close), checked by a CRC-32C when read.
 *
 * <p>What a crash loses of it is found again at opening: last sample times from the raw partitions
 * written since (see {@link EmbeddedHistoryStore}), dirty windows by computing the last hours' rollups
 * again ({@code clean} is only set by a close).
 */
final class StoreState {

  static final String FILE = "state";
  private static final int MAGIC = 0x76737374; // "vsst"
  private static final int VERSION = 1;
  private static final Logger logger = LoggerFactory.getLogger(StoreState.class);

  private StoreState() {}

  /** What was read back; null fields where there was no (valid) state file. */
  record Saved(boolean clean, long savedAt, long rawFloor, long[] watermarks, long[][] dirty) {}

  static void write(Path dir, SeriesRegistry registry, Watermarks marks, long rawFloor, long now, boolean clean) throws IOException {
    Path temp = dir.resolve(FILE + ".tmp");
    CRC32C crc = new CRC32C();
    try (OutputStream file = Files.newOutputStream(temp);
        CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(file, 1 << 16), crc);
        DataOutputStream out = new DataOutputStream(checked)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeBoolean(clean);
      out.writeLong(now);
      out.writeLong(rawFloor);
      for (Tier t : Tier.values()) {
        out.writeLong(marks.published(t));
        Long[] dirty = marks.dirty(t).toArray(new Long[0]);
        out.writeInt(dirty.length);
        for (Long d : dirty) {
          out.writeLong(d);
        }
      }
      var families = registry.families().toArray(new SeriesRegistry.Family[0]);
      out.writeInt(families.length);
      for (SeriesRegistry.Family f : families) {
        int size = f.size();
        out.writeUTF(f.name);
        out.writeInt(size);
        for (int slot = 0; slot < size; slot++) {
          out.writeLong(f.shard(slot).last[Shards.index(slot)]);
        }
      }
      out.flush();
      file.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
    Files.move(temp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Reads the state back into the registry's last times and the watermarks; null when there is no
   * state file or it is damaged (then everything is found again from the partitions).
   */
  static Saved read(Path dir, SeriesRegistry registry, Watermarks marks) throws IOException {
    byte[] all;
    try {
      all = Files.readAllBytes(dir.resolve(FILE));
    } catch (NoSuchFileException e) {
      return null;
    }
    if (all.length < 4) {
      logger.warn("The history state {} is empty; the watermarks and last times are rebuilt", dir.resolve(FILE));
      return null;
    }
    CRC32C crc = new CRC32C();
    crc.update(all, 0, all.length - 4);
    if ((int) crc.getValue() != ByteBuffer.wrap(all, all.length - 4, 4).getInt()) {
      logger.warn("The history state {} is damaged; the watermarks and last times are rebuilt", dir.resolve(FILE));
      return null;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 4))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        logger.warn("The history state {} is not one this version writes; it is rebuilt", dir.resolve(FILE));
        return null;
      }
      boolean clean = in.readBoolean();
      long savedAt = in.readLong();
      long rawFloor = in.readLong();
      long[] watermarks = new long[Tier.values().length];
      long[][] dirty = new long[Tier.values().length][];
      for (Tier t : Tier.values()) {
        watermarks[t.ordinal()] = in.readLong();
        dirty[t.ordinal()] = new long[in.readInt()];
        for (int i = 0; i < dirty[t.ordinal()].length; i++) {
          dirty[t.ordinal()][i] = in.readLong();
        }
      }
      int families = in.readInt();
      for (int i = 0; i < families; i++) {
        SeriesRegistry.Family f = registry.family(in.readUTF());
        int size = in.readInt();
        for (int slot = 0; slot < size; slot++) {
          long last = in.readLong();
          if (f != null && slot < f.size()) {
            SeriesRegistry.Shard shard = f.shard(slot);
            int index = Shards.index(slot);
            if (shard.series[index] != null) {
              shard.last[index] = Math.max(shard.last[index], last);
            }
          }
        }
      }
      for (Tier t : Tier.values()) {
        marks.restore(t, watermarks[t.ordinal()]);
        Arrays.stream(dirty[t.ordinal()]).forEach(d -> marks.markDirty(t, d));
      }
      return new Saved(clean, savedAt, rawFloor, watermarks, dirty);
    }
  }
}
