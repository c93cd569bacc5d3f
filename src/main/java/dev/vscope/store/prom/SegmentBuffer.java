package dev.vscope.store.prom;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only, crash-safe queue of records on disk: what the remote engine has not accepted
 * yet. Writers {@link #append} records; one reader (the sender) {@link #read}s them in order and
 * {@link #ack}s what the engine accepted.
 *
 * <h2>Layout</h2>
 *
 * A directory of segment files {@code segment-<20-digit number>.buf}, numbered in creation order,
 * each a sequence of length-prefixed, CRC'd records ({@link SegmentFormat}), plus the {@link
 * AckFile} and a {@code lock} file that keeps a second process out.
 *
 * <h2>Why it survives crashes</h2>
 *
 * <ul>
 *   <li>An append writes the whole record at the end of the segment before returning, so once
 *       {@code append} returned, a crash of the process loses nothing (the data is in the OS).
 *   <li>Records reach the disk itself by fsync at most {@link #DEFAULT_SYNC_INTERVAL} after their
 *       append: an append fsyncs when the last fsync is older than that, and a background thread
 *       fsyncs what an idle period left. Not one fsync per append: one costs about 5 ms on the
 *       2-core reference machine, so a collection cycle of 5,700 entity writes took 32 s with one
 *       per append, against a 60-s collection interval; with this interval it takes about 1.2 s. A power
 *       cut can therefore lose the last fraction of a second of samples (the embedded rrd4j store
 *       does no fsync at all). A full disk is still reported by the append itself: the file system
 *       reserves the blocks when the data is written, not when it is synced.
 *   <li>A crash during an append leaves at most one torn record at the end of a segment: its
 *       length runs past the end of the file or its CRC fails. Opening the buffer scans every
 *       segment, keeps the valid records before it and truncates the rest, with a warning.
 *   <li>An append that fails (disk full, I/O error) cuts the segment back to its last whole record
 *       and seals it; the next append starts a new segment. Records already buffered are never
 *       touched, and the failure reaches the caller.
 *   <li>A segment is deleted only once the ack position is past its end, and only after it is
 *       sealed (no longer appended to): a segment is sealed when it reaches its size limit, when
 *       an append to it failed, and at every open (a restart always appends to a new segment).
 * </ul>
 *
 * <h2>Threads</h2>
 *
 * Appends are serialized by a lock, which also guards the segment list. The reader reads files
 * outside the lock: a segment's bytes up to its committed size never change, and only the reader
 * itself (through {@link #ack}) deletes segments.
 */
final class SegmentBuffer implements Closeable {

  /** Opens file channels; tests substitute one that fails like a full disk. */
  @FunctionalInterface
  interface ChannelOpener {
    FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;
  }

  /** A record read back, with the position just after it (what to ack once it is delivered). */
  record Entry(byte[] payload, Position end) {}

  /** Records read from a position, and where the next read continues. */
  record Batch(List<Entry> entries, Position next) {}

  static final int HEADER = SegmentFormat.HEADER;
  static final int RECORD_HEADER = SegmentFormat.RECORD_HEADER;
  static final long DEFAULT_SEGMENT_BYTES = 8L << 20;
  /** Longest time an appended record waits for its fsync; see the class comment. */
  static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofMillis(200);

  private static final Logger logger = LoggerFactory.getLogger(SegmentBuffer.class);

  /** One segment file: its committed size (whole records only) and whether appends go there. */
  private static final class Segment {
    final long id;
    final Path path;
    volatile long size;
    volatile boolean sealed;

    Segment(long id, Path path, long size, boolean sealed) {
      this.id = id;
      this.path = path;
      this.size = size;
      this.sealed = sealed;
    }
  }

  private final Path dir;
  private final long segmentBytes;
  private final long syncIntervalNanos;
  private final ChannelOpener opener;
  private final FileChannel lockChannel;
  private final FileLock processLock;
  private final AckFile ackFile;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition appended = lock.newCondition();
  private final TreeMap<Long, Segment> segments = new TreeMap<>();
  /**
   * Number of the next segment: above every existing one and above the acknowledged one, so a
   * new segment is never taken for acknowledged when every older one was deleted.
   */
  private long nextId = 1;
  private Segment active;
  private FileChannel activeChannel;
  private volatile Position acked;
  private long wakeUps;
  /** Whether the active segment has appends not fsync'd yet, and when the last fsync was. */
  private boolean dirty;
  private long lastSyncNanos = System.nanoTime();
  private Thread syncer;
  private boolean closed;

  private SegmentBuffer(
      Path dir,
      long segmentBytes,
      Duration syncInterval,
      ChannelOpener opener,
      FileChannel lockChannel,
      FileLock processLock,
      AckFile ackFile) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.syncIntervalNanos = syncInterval.toNanos();
    this.opener = opener;
    this.lockChannel = lockChannel;
    this.processLock = processLock;
    this.ackFile = ackFile;
  }

  static SegmentBuffer open(Path dir) throws IOException {
    return open(dir, DEFAULT_SEGMENT_BYTES, DEFAULT_SYNC_INTERVAL, FileChannel::open);
  }

  /**
   * Opens the buffer in {@code dir} (created if needed): recovers every segment, drops torn
   * records, deletes acknowledged segments.
   *
   * @param syncInterval longest time an append waits for its fsync; zero fsyncs every append
   * @throws IOException when the directory cannot be used, or another process holds it
   */
  static SegmentBuffer open(Path dir, long segmentBytes, Duration syncInterval, ChannelOpener opener)
      throws IOException {
    Files.createDirectories(dir);
    FileChannel lockChannel =
        FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock processLock;
    try {
      processLock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      processLock = null;
    }
    if (processLock == null) {
      lockChannel.close();
      throw new IOException("the buffer directory " + dir + " is in use by another store");
    }
    AckFile ackFile = null;
    try {
      ackFile = AckFile.open(dir);
      SegmentBuffer buffer =
          new SegmentBuffer(dir, segmentBytes, syncInterval, opener, lockChannel, processLock, ackFile);
      buffer.recover();
      buffer.startSyncer();
      return buffer;
    } catch (IOException | RuntimeException e) {
      if (ackFile != null) {
        ackFile.close();
      }
      processLock.release();
      lockChannel.close();
      throw e;
    }
  }

  Path directory() {
    return dir;
  }

  // --- opening -------------------------------------------------------------------------------

  private void recover() throws IOException {
    List<Long> ids = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "segment-*.buf")) {
      for (Path file : files) {
        SegmentFormat.id(file).ifPresent(ids::add);
      }
    }
    ids.sort(null);
    for (long id : ids) {
      Path path = segmentPath(id);
      long size = SegmentFormat.recover(path);
      if (size < 0) {
        Files.delete(path); // torn while being created: held no record
      } else {
        segments.put(id, new Segment(id, path, size, true));
      }
    }
    Position stored = ackFile.read().orElse(new Position(0, 0));
    acked = stored;
    nextId = Math.max(segments.isEmpty() ? 0 : segments.lastKey(), stored.segment()) + 1;
    deleteAcknowledged();
    long pending = pendingBytes();
    if (pending > 0) {
      logger.info(
          "Remote-write buffer {}: {} bytes in {} segments not yet delivered; sending them first",
          dir,
          pending,
          segments.size());
    }
  }

  // --- writing -------------------------------------------------------------------------------

  /**
   * Appends a record; it is fsync'd within the sync interval.
   *
   * @return the position just after the record
   * @throws IOException when it could not be written; the buffer is as it was before the call
   */
  Position append(byte[] payload) throws IOException {
    ByteBuffer record = SegmentFormat.frame(payload);
    lock.lock();
    try {
      ensureOpen();
      if (active == null || active.sealed || active.size >= segmentBytes) {
        roll();
      }
      long start = active.size;
      try {
        while (record.hasRemaining()) {
          activeChannel.write(record, start + record.position());
        }
        dirty = true;
        if (System.nanoTime() - lastSyncNanos >= syncIntervalNanos) {
          syncActive();
        }
      } catch (IOException e) {
        abandonActive(start, e);
        throw e;
      }
      active.size = start + record.limit();
      Position end = new Position(active.id, active.size);
      appended.signalAll();
      return end;
    } finally {
      lock.unlock();
    }
  }

  /**
   * After a failed append: cuts the segment back to its last whole record (best effort) and seals
   * it, so the next append starts a fresh segment and never writes after a partial record.
   */
  private void abandonActive(long committed, IOException cause) {
    try {
      activeChannel.truncate(committed);
      activeChannel.force(true);
    } catch (IOException e) {
      cause.addSuppressed(e); // the reader stops at the committed size; opening truncates it
    }
    sealActive();
  }

  /** Fsyncs the active segment; the caller holds the lock. */
  private void syncActive() throws IOException {
    if (dirty && activeChannel != null) {
      activeChannel.force(false);
    }
    dirty = false;
    lastSyncNanos = System.nanoTime();
  }

  /** Fsyncs what was appended and not yet synced (run by the syncer thread). */
  void sync() {
    lock.lock();
    try {
      if (!closed && dirty) {
        syncActive();
      }
    } catch (IOException e) {
      // The records stay readable and will be sent; only their survival of a power cut is at risk.
      logger.error("Cannot fsync the remote-write buffer {}: {}", dir, e.toString());
    } finally {
      lock.unlock();
    }
  }

  private void startSyncer() {
    long millis = Math.max(1, syncIntervalNanos / 1_000_000);
    syncer =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  Thread.sleep(millis);
                  sync();
                }
              } catch (InterruptedException e) {
                // closed
              }
            },
            "vscope-remote-write-sync");
    syncer.setDaemon(true);
    syncer.start();
  }

  private void sealActive() {
    if (activeChannel != null && dirty) {
      try {
        activeChannel.force(false);
      } catch (IOException e) {
        logger.error("Cannot fsync the remote-write buffer segment {}: {}", active == null ? dir : active.path, e.toString());
      }
    }
    dirty = false;
    if (active != null) {
      active.sealed = true;
      active = null;
    }
    if (activeChannel != null) {
      try {
        activeChannel.close();
      } catch (IOException e) {
        logger.debug("closing remote-write buffer segment: {}", e.toString());
      }
      activeChannel = null;
    }
  }

  /** Seals the active segment and starts the next one. */
  private void roll() throws IOException {
    sealActive();
    long id = nextId;
    nextId = id + 1; // also after a failure: a file left behind must not block the next try
    Path path = segmentPath(id);
    FileChannel ch =
        opener.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE));
    try {
      ByteBuffer magic = ByteBuffer.wrap(SegmentFormat.MAGIC);
      while (magic.hasRemaining()) {
        ch.write(magic, magic.position());
      }
      ch.force(true);
    } catch (IOException e) {
      try {
        ch.close();
        Files.deleteIfExists(path);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    syncDirectory();
    Segment segment = new Segment(id, path, HEADER, false);
    segments.put(id, segment);
    active = segment;
    activeChannel = ch;
  }

  // --- reading -------------------------------------------------------------------------------

  /** The position up to which every record has been acknowledged. */
  Position acked() {
    return acked;
  }

  /**
   * Reads up to {@code maxRecords} records (and about {@code maxBytes}, at least one record) from
   * {@code from} on, in order; empty when there is nothing after {@code from} yet. Only the reader
   * thread calls this.
   */
  Batch read(Position from, int maxRecords, long maxBytes) throws IOException {
    List<Entry> entries = new ArrayList<>();
    Position pos = from;
    long bytes = 0;
    FileChannel ch = null;
    long chId = -1;
    try {
      while (entries.size() < maxRecords && (entries.isEmpty() || bytes < maxBytes)) {
        Segment seg = segmentAtOrAfter(pos);
        if (seg == null) {
          break;
        }
        if (seg.id != pos.segment() || pos.offset() < HEADER) {
          pos = new Position(seg.id, HEADER);
        }
        // sealed first: once sealed, the size is final; read the other way round, records
        // appended between the two reads could be skipped
        boolean sealed = seg.sealed;
        long size = seg.size;
        if (pos.offset() >= size) {
          if (sealed && hasSegmentAfter(seg.id)) {
            pos = new Position(seg.id + 1, HEADER); // segmentAtOrAfter finds the next one
            continue;
          }
          break;
        }
        if (chId != seg.id) {
          if (ch != null) {
            ch.close();
          }
          ch = FileChannel.open(seg.path, StandardOpenOption.READ);
          chId = seg.id;
        }
        byte[] payload = SegmentFormat.readRecord(ch, seg.path, pos.offset(), size);
        pos = new Position(seg.id, pos.offset() + RECORD_HEADER + payload.length);
        entries.add(new Entry(payload, pos));
        bytes += payload.length;
      }
    } finally {
      if (ch != null) {
        ch.close();
      }
    }
    return new Batch(entries, pos);
  }

  /**
   * Waits until a record is appended after {@code position}, the timeout passes, or the buffer is
   * closed.
   */
  void awaitAppend(Position position, long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lock();
    try {
      long wakeUpsBefore = wakeUps;
      while (!closed && !hasRecordsAfter(position) && nanos > 0 && wakeUps == wakeUpsBefore) {
        nanos = appended.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Ends every {@link #awaitAppend} in progress now (the sender is being stopped). */
  void wakeUp() {
    lock.lock();
    try {
      wakeUps++;
      appended.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private boolean hasRecordsAfter(Position position) {
    for (Segment seg : segments.tailMap(position.segment(), true).values()) {
      long start = seg.id == position.segment() ? Math.max(position.offset(), HEADER) : HEADER;
      if (seg.size > start) {
        return true;
      }
    }
    return false;
  }

  /**
   * Records that everything before {@code position} was delivered, and deletes the segments that
   * lie wholly before it. A failure to store the position is logged, not thrown: the delivery
   * happened, and the worst outcome is sending those records again after a restart.
   */
  void ack(Position position) {
    lock.lock();
    try {
      if (closed || !acked.isBefore(position)) {
        return;
      }
      acked = position;
      try {
        ackFile.write(position);
      } catch (IOException e) {
        logger.warn("Cannot record the remote-write position in {}: {}", ackFile.path(), e.toString());
      }
      deleteAcknowledged();
    } finally {
      lock.unlock();
    }
  }

  /** Bytes of records not yet acknowledged (headers included). */
  long pendingBytes() {
    lock.lock();
    try {
      long pending = 0;
      for (Segment seg : segments.values()) {
        if (seg.id > acked.segment()) {
          pending += seg.size - HEADER;
        } else if (seg.id == acked.segment()) {
          pending += Math.max(0, seg.size - Math.max(acked.offset(), HEADER));
        }
      }
      return pending;
    } finally {
      lock.unlock();
    }
  }

  private void deleteAcknowledged() {
    boolean deleted = false;
    for (var it = segments.entrySet().iterator(); it.hasNext(); ) {
      Segment seg = it.next().getValue();
      boolean before =
          seg.id < acked.segment() || (seg.id == acked.segment() && acked.offset() >= seg.size);
      if (!before || !seg.sealed) {
        break; // segments are in order: none after this one is wholly acknowledged
      }
      try {
        Files.deleteIfExists(seg.path);
        it.remove();
        deleted = true;
      } catch (IOException e) {
        logger.warn("Cannot delete delivered remote-write buffer segment {}: {}", seg.path, e.toString());
        break;
      }
    }
    if (deleted) {
      syncDirectory();
    }
  }

  private Segment segmentAtOrAfter(Position pos) {
    lock.lock();
    try {
      Map.Entry<Long, Segment> e = segments.ceilingEntry(pos.segment());
      return e == null ? null : e.getValue();
    } finally {
      lock.unlock();
    }
  }

  private boolean hasSegmentAfter(long id) {
    lock.lock();
    try {
      return segments.higherKey(id) != null;
    } finally {
      lock.unlock();
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  private Path segmentPath(long id) {
    return dir.resolve(SegmentFormat.fileName(id));
  }

  /** Makes a created or deleted file name durable (best effort: not every platform can). */
  private void syncDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      logger.debug("cannot fsync directory {}: {}", dir, e.toString());
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("remote-write buffer " + dir + " is closed");
    }
  }

  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      sealActive();
      if (syncer != null) {
        syncer.interrupt();
      }
      appended.signalAll();
      ackFile.close();
      processLock.release();
      lockChannel.close();
    } finally {
      lock.unlock();
    }
  }
}
