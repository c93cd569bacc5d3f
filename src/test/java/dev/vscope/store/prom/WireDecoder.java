package dev.vscope.store.prom;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent decoder of remote-write requests, written from the protobuf wire-format
 * specification (varints, fixed64, length-delimited fields; unknown fields skipped), to check the
 * encoder without trusting it.
 */
final class WireDecoder {

  record Label(String name, String value) {}

  record Sample(double value, long timestamp) {}

  record TimeSeries(List<Label> labels, List<Sample> samples) {
    String label(String name) {
      return labels.stream().filter(l -> l.name().equals(name)).map(Label::value).findFirst().orElse(null);
    }
  }

  private final byte[] buf;
  private int pos;
  private final int end;

  private WireDecoder(byte[] buf, int from, int to) {
    this.buf = buf;
    this.pos = from;
    this.end = to;
  }

  static List<TimeSeries> writeRequest(byte[] bytes) {
    WireDecoder d = new WireDecoder(bytes, 0, bytes.length);
    List<TimeSeries> series = new ArrayList<>();
    while (d.pos < d.end) {
      long tag = d.varint();
      if (tag == (1 << 3 | 2)) {
        series.add(d.sub().timeSeries());
      } else {
        d.skip(tag);
      }
    }
    return series;
  }

  private TimeSeries timeSeries() {
    List<Label> labels = new ArrayList<>();
    List<Sample> samples = new ArrayList<>();
    while (pos < end) {
      long tag = varint();
      if (tag == (1 << 3 | 2)) {
        labels.add(sub().label());
      } else if (tag == (2 << 3 | 2)) {
        samples.add(sub().sample());
      } else {
        skip(tag);
      }
    }
    return new TimeSeries(labels, samples);
  }

  private Label label() {
    String name = "";
    String value = "";
    while (pos < end) {
      long tag = varint();
      if (tag == (1 << 3 | 2)) {
        name = string();
      } else if (tag == (2 << 3 | 2)) {
        value = string();
      } else {
        skip(tag);
      }
    }
    return new Label(name, value);
  }

  private Sample sample() {
    double value = 0;
    long timestamp = 0;
    while (pos < end) {
      long tag = varint();
      if (tag == (1 << 3 | 1)) {
        value = Double.longBitsToDouble(fixed64());
      } else if (tag == (2 << 3)) {
        timestamp = varint();
      } else {
        skip(tag);
      }
    }
    return new Sample(value, timestamp);
  }

  private WireDecoder sub() {
    int length = Math.toIntExact(varint());
    if (length < 0 || pos + length > end) {
      throw new IllegalArgumentException("length " + length + " past the end at " + pos);
    }
    WireDecoder d = new WireDecoder(buf, pos, pos + length);
    pos += length;
    return d;
  }

  private String string() {
    WireDecoder d = sub();
    return new String(buf, d.pos, d.end - d.pos, StandardCharsets.UTF_8);
  }

  long varint() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw new IllegalArgumentException("truncated varint");
      }
      byte b = buf[pos++];
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new IllegalArgumentException("varint longer than 10 bytes");
  }

  private long fixed64() {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v |= (long) (buf[pos++] & 0xFF) << (8 * i);
    }
    return v;
  }

  private void skip(long tag) {
    switch ((int) (tag & 7)) {
      case 0 -> varint();
      case 1 -> pos += 8;
      case 2 -> sub();
      case 5 -> pos += 4;
      default -> throw new IllegalArgumentException("wire type " + (tag & 7));
    }
  }
}
