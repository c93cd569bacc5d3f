package dev.vscope.store.prom;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a Prometheus remote-write 1.0 {@code WriteRequest} in the protobuf wire format.
 *
 * <p>Written by hand because no maintained Java artifact ships the remote-write message types on
 * their own: Prometheus publishes only the {@code .proto} files, the Java client's {@code
 * prometheus-metrics-exposition-formats} holds the exposition {@code Metrics} messages but not
 * {@code WriteRequest}, and generating them would add protobuf-java and a code generator to the
 * build for four tiny messages. Only the fields vscope sends are encoded:
 *
 * <pre>
 * message WriteRequest { repeated TimeSeries timeseries = 1; }
 * message TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
 * message Label        { string name = 1; string value = 2; }
 * message Sample       { double value = 1; int64 timestamp = 2; }  // timestamp in ms
 * </pre>
 *
 * Every field is written, zeros included (a proto3 encoder may omit them; a decoder reads either
 * the same way). Lengths are computed before writing, so the output is built in one array.
 */
final class RemoteWriteEncoder {

  // Tags: field number << 3 | wire type (0 varint, 1 fixed64, 2 length-delimited).
  static final int WRITE_REQUEST_TIMESERIES = 1 << 3 | 2;
  static final int TIMESERIES_LABELS = 1 << 3 | 2;
  static final int TIMESERIES_SAMPLES = 2 << 3 | 2;
  static final int LABEL_NAME = 1 << 3 | 2;
  static final int LABEL_VALUE = 2 << 3 | 2;
  static final int SAMPLE_VALUE = 1 << 3 | 1;
  static final int SAMPLE_TIMESTAMP = 2 << 3;

  private RemoteWriteEncoder() {}

  /** The {@code WriteRequest} carrying every metric of every record, one time series each. */
  static byte[] encode(List<WriteRecord> records) {
    List<EncodedSeries> series = new ArrayList<>();
    int total = 0;
    for (WriteRecord record : records) {
      for (WriteRecord.MetricSamples m : record.metrics()) {
        EncodedSeries s = new EncodedSeries(new SeriesKey(record.entity(), m.metric()), m.samples());
        series.add(s);
        total += 1 + varintSize(s.size) + s.size;
      }
    }
    Output out = new Output(total);
    for (EncodedSeries s : series) {
      out.varint(WRITE_REQUEST_TIMESERIES);
      out.varint(s.size);
      s.writeTo(out);
    }
    return out.finish();
  }

  /** A time series with its encoded label bytes and size, computed once. */
  private static final class EncodedSeries {
    final List<byte[][]> labels = new ArrayList<>();
    final List<WriteRecord.RemoteSample> samples;
    final int size;

    EncodedSeries(SeriesKey key, List<WriteRecord.RemoteSample> samples) {
      this.samples = samples;
      int size = 0;
      for (SeriesKey.Label label : key.labels()) {
        byte[] name = label.name().getBytes(StandardCharsets.UTF_8);
        byte[] value = label.value().getBytes(StandardCharsets.UTF_8);
        labels.add(new byte[][] {name, value});
        int labelSize = labelSize(name, value);
        size += 1 + varintSize(labelSize) + labelSize;
      }
      for (WriteRecord.RemoteSample sample : samples) {
        int sampleSize = sampleSize(sample);
        size += 1 + varintSize(sampleSize) + sampleSize;
      }
      this.size = size;
    }

    void writeTo(Output out) {
      for (byte[][] label : labels) {
        out.varint(TIMESERIES_LABELS);
        out.varint(labelSize(label[0], label[1]));
        out.varint(LABEL_NAME);
        out.varint(label[0].length);
        out.bytes(label[0]);
        out.varint(LABEL_VALUE);
        out.varint(label[1].length);
        out.bytes(label[1]);
      }
      for (WriteRecord.RemoteSample sample : samples) {
        out.varint(TIMESERIES_SAMPLES);
        out.varint(sampleSize(sample));
        out.varint(SAMPLE_VALUE);
        out.fixed64(Double.doubleToRawLongBits(sample.value()));
        out.varint(SAMPLE_TIMESTAMP);
        out.varint(sample.timestampMs());
      }
    }
  }

  private static int labelSize(byte[] name, byte[] value) {
    return 1 + varintSize(name.length) + name.length + 1 + varintSize(value.length) + value.length;
  }

  private static int sampleSize(WriteRecord.RemoteSample sample) {
    return 1 + 8 + 1 + varintSize(sample.timestampMs());
  }

  /** Bytes of a varint; a negative int64 takes ten, as protobuf encodes it as unsigned 64-bit. */
  static int varintSize(long value) {
    int n = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      n++;
    }
    return n;
  }

  /** A fixed-size output array, filled exactly. */
  private static final class Output {
    private final byte[] buf;
    private int pos;

    Output(int size) {
      buf = new byte[size];
    }

    void varint(long value) {
      while ((value & ~0x7FL) != 0) {
        buf[pos++] = (byte) ((value & 0x7F) | 0x80);
        value >>>= 7;
      }
      buf[pos++] = (byte) value;
    }

    void fixed64(long value) {
      for (int i = 0; i < 8; i++) {
        buf[pos++] = (byte) (value >>> (8 * i)); // little-endian
      }
    }

    void bytes(byte[] b) {
      System.arraycopy(b, 0, buf, pos, b.length);
      pos += b.length;
    }

    byte[] finish() {
      if (pos != buf.length) {
        throw new IllegalStateException("encoded " + pos + " bytes, computed " + buf.length);
      }
      return buf;
    }
  }
}
