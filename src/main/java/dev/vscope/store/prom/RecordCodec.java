package dev.vscope.store.prom;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a {@link WriteRecord} in the on-disk buffer.
 *
 * <p>A format of vscope's own rather than the protobuf to be sent: reading the buffer back at
 * start-up (to learn the last buffered time of each series) then needs no protobuf decoder, and
 * the buffer does not change if the wire format does. The first byte is a version, so a future
 * format can still read the buffer an older vscope left.
 *
 * <pre>
 * record  = version:u8(1) entity:string count:i32 metric*
 * metric  = name:string count:i32 (timestampMs:i64 value:f64)*
 * string  = length:i32 utf8-bytes
 * </pre>
 */
final class RecordCodec {

  static final int VERSION = 1;

  private RecordCodec() {}

  static byte[] encode(WriteRecord record) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 16 * record.sampleCount());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      string(out, record.entity());
      out.writeInt(record.metrics().size());
      for (WriteRecord.MetricSamples m : record.metrics()) {
        string(out, m.metric());
        out.writeInt(m.samples().size());
        for (WriteRecord.RemoteSample s : m.samples()) {
          out.writeLong(s.timestampMs());
          out.writeDouble(s.value());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes a record.
   *
   * @throws IOException when the bytes are not a record of a known version (the buffer's CRC makes
   *     this a bug or a file written by something else, not a torn write)
   */
  static WriteRecord decode(byte[] payload) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      throw new IOException("unknown buffer record version " + version);
    }
    String entity = string(in, payload.length);
    int metricCount = count(in, payload.length);
    List<WriteRecord.MetricSamples> metrics = new ArrayList<>(metricCount);
    for (int i = 0; i < metricCount; i++) {
      String metric = string(in, payload.length);
      int sampleCount = count(in, payload.length / 16);
      List<WriteRecord.RemoteSample> samples = new ArrayList<>(sampleCount);
      for (int j = 0; j < sampleCount; j++) {
        samples.add(new WriteRecord.RemoteSample(in.readLong(), in.readDouble()));
      }
      metrics.add(new WriteRecord.MetricSamples(metric, samples));
    }
    if (in.available() != 0) {
      throw new IOException(in.available() + " unexpected bytes after a buffer record");
    }
    return new WriteRecord(entity, metrics);
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String string(DataInputStream in, int limit) throws IOException {
    byte[] b = new byte[count(in, limit)];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** A count or length that cannot exceed what the payload could hold (no huge allocation). */
  private static int count(DataInputStream in, int limit) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > limit) {
      throw new IOException("implausible count " + n + " in a buffer record");
    }
    return n;
  }
}
