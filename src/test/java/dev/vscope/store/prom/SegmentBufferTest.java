package dev.vscope.store.prom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentBufferTest {

  @TempDir Path dir;

  private final List<SegmentBuffer> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws IOException {
    for (SegmentBuffer b : opened) {
      b.close();
    }
  }

  private SegmentBuffer open() throws IOException {
    return open(SegmentBuffer.DEFAULT_SEGMENT_BYTES);
  }

  private SegmentBuffer open(long segmentBytes) throws IOException {
    return open(segmentBytes, FileChannel::open);
  }

  private SegmentBuffer open(long segmentBytes, SegmentBuffer.ChannelOpener opener) throws IOException {
    SegmentBuffer b = SegmentBuffer.open(dir, segmentBytes, SegmentBuffer.DEFAULT_SYNC_INTERVAL, opener);
    opened.add(b);
    return b;
  }

  private void reopen(SegmentBuffer b) throws IOException {
    b.close();
    opened.remove(b);
  }

  private static byte[] payload(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Every record from the ack position on, as strings. */
  private static List<String> pending(SegmentBuffer b) throws IOException {
    List<String> out = new ArrayList<>();
    Position pos = b.acked();
    while (true) {
      SegmentBuffer.Batch batch = b.read(pos, 3, 1 << 20);
      if (batch.entries().isEmpty()) {
        return out;
      }
      for (SegmentBuffer.Entry e : batch.entries()) {
        out.add(new String(e.payload(), StandardCharsets.UTF_8));
      }
      pos = batch.next();
    }
  }

  private List<Path> segmentFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted().toList();
    }
  }

  @Test
  void readsAppendedRecordsInOrderAndResumesAfterTheAck() throws IOException {
    SegmentBuffer b = open();
    Position first = b.append(payload("one"));
    Position second = b.append(payload("two"));
    b.append(payload("three"));

    SegmentBuffer.Batch batch = b.read(b.acked(), 10, 1 << 20);
    assertThat(batch.entries()).extracting(e -> new String(e.payload(), StandardCharsets.UTF_8))
        .containsExactly("one", "two", "three");
    assertThat(batch.entries().get(0).end()).isEqualTo(first);
    assertThat(batch.entries().get(1).end()).isEqualTo(second);
    assertThat(b.read(batch.next(), 10, 1 << 20).entries()).isEmpty();

    b.ack(second);
    assertThat(pending(b)).containsExactly("three");
    assertThat(b.pendingBytes()).isEqualTo(SegmentBuffer.RECORD_HEADER + 5);

    reopen(b);
    SegmentBuffer again = open();
    assertThat(pending(again)).as("a restart resumes after the acknowledged records").containsExactly("three");
    again.append(payload("four"));
    assertThat(pending(again)).containsExactly("three", "four");
  }

  @Test
  void readsRespectRecordAndByteLimits() throws IOException {
    SegmentBuffer b = open();
    for (int i = 0; i < 10; i++) {
      b.append(payload("r" + i));
    }
    assertThat(b.read(b.acked(), 4, 1 << 20).entries()).hasSize(4);
    assertThat(b.read(b.acked(), 100, 5).entries()).as("at least one record, then up to the byte limit").hasSize(3);
  }

  @Test
  void rollsSegmentsAndDeletesThemOnceAcknowledged() throws IOException {
    SegmentBuffer b = open(64);
    List<Position> ends = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ends.add(b.append(payload("record number " + i)));
    }
    int before = segmentFiles().size();
    assertThat(before).isGreaterThan(5);

    b.ack(ends.get(9));
    assertThat(segmentFiles().size()).isLessThan(before);
    assertThat(pending(b)).hasSize(10).first().isEqualTo("record number 10");

    b.ack(ends.get(19));
    assertThat(segmentFiles()).as("only the segment being appended to is left").hasSize(1);
    assertThat(b.pendingBytes()).isZero();
    assertThat(pending(b)).isEmpty();
  }

  @Test
  void aRestartAfterEverythingWasDeliveredDoesNotHideNewRecords() throws IOException {
    SegmentBuffer b = open();
    Position end = b.append(payload("delivered"));
    b.ack(end);
    reopen(b);

    SegmentBuffer again = open(); // the old, fully acknowledged segment is deleted
    assertThat(segmentFiles()).isEmpty();
    again.append(payload("new"));
    assertThat(pending(again)).containsExactly("new");
    reopen(again);
    assertThat(pending(open())).containsExactly("new");
  }

  @Test
  void dropsATornLastRecordAfterACrashAndKeepsTheOthers() throws IOException {
    SegmentBuffer b = open();
    b.append(payload("kept-1"));
    b.append(payload("kept-2"));
    b.append(payload("torn-record-payload"));
    reopen(b); // no ack: all three are pending
    Path segment = segmentFiles().get(0);
    long size = Files.size(segment);
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.setLength(size - 7); // the crash cut the last record short
    }

    SegmentBuffer again = open();
    assertThat(pending(again)).containsExactly("kept-1", "kept-2");
    assertThat(Files.size(segment))
        .as("the torn bytes are cut off")
        .isEqualTo(SegmentBuffer.HEADER + 2L * SegmentBuffer.RECORD_HEADER + 12);
    again.append(payload("after"));
    assertThat(pending(again)).containsExactly("kept-1", "kept-2", "after");
  }

  @Test
  void dropsATailWhoseCrcDoesNotMatchOrThatIsZeros() throws IOException {
    SegmentBuffer b = open();
    b.append(payload("good"));
    b.append(payload("flipped"));
    reopen(b);
    Path segment = segmentFiles().get(0);
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.seek(f.length() - 2);
      f.write('X'); // a byte of the last payload changed
      f.seek(f.length());
      f.write(new byte[4096]); // and zeros after it, as a power cut can leave
    }

    assertThat(pending(open())).containsExactly("good");
  }

  @Test
  void deletesASegmentTornWhileBeingCreated() throws IOException {
    SegmentBuffer b = open();
    b.append(payload("one"));
    reopen(b);
    Files.write(dir.resolve(String.format("segment-%020d.buf", 99)), new byte[] {'V', 'S'});
    Files.write(dir.resolve(String.format("segment-%020d.buf", 100)), new byte[8]);

    SegmentBuffer again = open();
    assertThat(pending(again)).containsExactly("one");
    assertThat(segmentFiles()).hasSize(1);
    again.append(payload("two"));
    assertThat(pending(again)).containsExactly("one", "two");
  }

  @Test
  void aDamagedAckFileMeansSendingAgainNotLosing() throws IOException {
    SegmentBuffer b = open();
    b.append(payload("one"));
    Position two = b.append(payload("two"));
    b.append(payload("three"));
    b.ack(two);
    reopen(b);
    try (FileChannel ch = FileChannel.open(dir.resolve(AckFile.NAME), StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), 5);
    }

    assertThat(pending(open())).containsExactly("one", "two", "three");
  }

  @Test
  void aFullDiskFailsTheAppendAndKeepsWhatWasBuffered() throws IOException {
    FullDiskChannel.Disk disk = new FullDiskChannel.Disk(Long.MAX_VALUE);
    SegmentBuffer b = open(SegmentBuffer.DEFAULT_SEGMENT_BYTES, disk);
    b.append(payload("before-1"));
    b.append(payload("before-2"));
    disk.space.set(10); // the next record does not fit: half of it is written, then ENOSPC

    assertThatThrownBy(() -> b.append(payload("does not fit on the disk")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("No space left");
    assertThatThrownBy(() -> b.append(payload("neither does this one"))).isInstanceOf(IOException.class);
    assertThat(pending(b)).containsExactly("before-1", "before-2");

    disk.space.set(Long.MAX_VALUE); // space was freed
    b.append(payload("after"));
    assertThat(pending(b)).containsExactly("before-1", "before-2", "after");

    reopen(b);
    assertThat(pending(open())).as("nothing of the failed appends, nothing lost").containsExactly("before-1", "before-2", "after");
  }

  @Test
  void aSecondOpenOfTheSameDirectoryIsRefused() throws IOException {
    open();
    assertThatThrownBy(() -> SegmentBuffer.open(dir, 1024, SegmentBuffer.DEFAULT_SYNC_INTERVAL, FileChannel::open))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("in use");
  }

  @Test
  void awaitAppendWakesUpOnAnAppend() throws Exception {
    SegmentBuffer b = open();
    Position start = b.acked();
    Thread writer = new Thread(() -> {
      try {
        Thread.sleep(100);
        b.append(payload("x"));
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    writer.start();
    long t0 = System.nanoTime();
    b.awaitAppend(start, 10, TimeUnit.SECONDS);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5_000);
    writer.join();
    assertThat(pending(b)).containsExactly("x");
  }

  @Test
  void refusesEmptyAndHugeRecords() throws IOException {
    SegmentBuffer b = open();
    assertThatThrownBy(() -> b.append(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.append(new byte[SegmentFormat.MAX_RECORD + 1])).isInstanceOf(IllegalArgumentException.class);
  }
}
