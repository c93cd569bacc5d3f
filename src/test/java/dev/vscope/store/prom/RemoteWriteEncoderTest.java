package dev.vscope.store.prom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteWriteEncoderTest {

  private static WriteRecord record(String entity, String metric, WriteRecord.RemoteSample... samples) {
    return new WriteRecord(entity, List.of(new WriteRecord.MetricSamples(metric, List.of(samples))));
  }

  /** Bytes written out by hand from the protobuf encoding rules, field by field. */
  @Test
  void encodesOneSampleAsComputedByHand() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    bytes(b, 0x0A, 84); // WriteRequest.timeseries (1, LEN), 84 bytes
    bytes(b, 0x0A, 26); //   TimeSeries.labels (1, LEN), 26 bytes
    bytes(b, 0x0A, 8); //      Label.name (1, LEN)
    ascii(b, "__name__");
    bytes(b, 0x12, 14); //     Label.value (2, LEN)
    ascii(b, "vscope_history");
    bytes(b, 0x0A, 13, 0x0A, 6);
    ascii(b, "entity");
    bytes(b, 0x12, 3);
    ascii(b, "a:b");
    bytes(b, 0x0A, 11, 0x0A, 6);
    ascii(b, "metric");
    bytes(b, 0x12, 1);
    ascii(b, "m");
    bytes(b, 0x0A, 12, 0x0A, 7);
    ascii(b, "vcenter");
    bytes(b, 0x12, 1);
    ascii(b, "a");
    bytes(b, 0x12, 12); //   TimeSeries.samples (2, LEN), 12 bytes
    bytes(b, 0x09, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F); // Sample.value (1, I64): 1.0 little-endian
    bytes(b, 0x10, 0xE8, 0x07); //                   Sample.timestamp (2, VARINT): 1000

    byte[] encoded =
        RemoteWriteEncoder.encode(List.of(record("a:b", "m", new WriteRecord.RemoteSample(1000, 1.0))));

    assertThat(encoded).isEqualTo(b.toByteArray());
  }

  @Test
  void negativeTimestampIsATenByteVarint() {
    byte[] encoded =
        RemoteWriteEncoder.encode(List.of(record("x", "m", new WriteRecord.RemoteSample(-1, 0.0))));

    // the last 11 bytes: the timestamp tag and -1 as an unsigned 64-bit varint
    byte[] tail = new byte[11];
    System.arraycopy(encoded, encoded.length - 11, tail, 0, 11);
    assertThat(tail)
        .containsExactly(0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01);
    assertThat(WireDecoder.writeRequest(encoded).get(0).samples())
        .containsExactly(new WireDecoder.Sample(0.0, -1));
  }

  @Test
  void independentDecoderReadsBackEverySeriesLabelAndSample() {
    List<WriteRecord> records = new ArrayList<>();
    List<WriteRecord.RemoteSample> many = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      many.add(new WriteRecord.RemoteSample(1_700_000_000_000L + 20_000L * i, i * 0.25 - 3));
    }
    records.add(
        new WriteRecord(
            "prod:host-7",
            List.of(
                new WriteRecord.MetricSamples("cpu.usage", many),
                new WriteRecord.MetricSamples(
                    "net.rx[vmnic0]",
                    List.of(
                        new WriteRecord.RemoteSample(5, Double.MAX_VALUE),
                        new WriteRecord.RemoteSample(6, -0.0))))));
    records.add(record("noprefix", "disk.\"odd\"\\ \n naïve ✓", new WriteRecord.RemoteSample(Long.MAX_VALUE, 1e-300)));
    String longEntity = "vc:" + "x".repeat(300); // a label longer than 127 bytes: 2-byte length
    records.add(record(longEntity, "m", new WriteRecord.RemoteSample(0, 0)));

    List<WireDecoder.TimeSeries> decoded = WireDecoder.writeRequest(RemoteWriteEncoder.encode(records));

    assertThat(decoded).hasSize(4);
    WireDecoder.TimeSeries cpu = decoded.get(0);
    assertThat(cpu.labels())
        .containsExactly(
            new WireDecoder.Label("__name__", "vscope_history"),
            new WireDecoder.Label("entity", "prod:host-7"),
            new WireDecoder.Label("metric", "cpu.usage"),
            new WireDecoder.Label("vcenter", "prod"));
    assertThat(cpu.samples()).hasSize(300);
    for (int i = 0; i < 300; i++) {
      assertThat(cpu.samples().get(i))
          .isEqualTo(new WireDecoder.Sample(i * 0.25 - 3, 1_700_000_000_000L + 20_000L * i));
    }
    assertThat(decoded.get(1).label("metric")).isEqualTo("net.rx[vmnic0]");
    assertThat(decoded.get(1).samples())
        .containsExactly(new WireDecoder.Sample(Double.MAX_VALUE, 5), new WireDecoder.Sample(-0.0, 6));
    assertThat(decoded.get(2).label("metric")).isEqualTo("disk.\"odd\"\\ \n naïve ✓");
    assertThat(decoded.get(2).label("vcenter")).as("no vcenter label without a prefix").isNull();
    assertThat(decoded.get(2).labels()).hasSize(3);
    assertThat(decoded.get(2).samples()).containsExactly(new WireDecoder.Sample(1e-300, Long.MAX_VALUE));
    assertThat(decoded.get(3).label("entity")).isEqualTo(longEntity);
    assertThat(decoded.get(3).samples()).containsExactly(new WireDecoder.Sample(0, 0));
  }

  @Test
  void labelsAreSortedByName() {
    List<WireDecoder.TimeSeries> decoded =
        WireDecoder.writeRequest(
            RemoteWriteEncoder.encode(List.of(record("z:y", "a", new WriteRecord.RemoteSample(1, 1)))));
    List<String> names = decoded.get(0).labels().stream().map(WireDecoder.Label::name).toList();
    assertThat(names).isSorted();
  }

  @Test
  void emptyRequestIsEmpty() {
    assertThat(RemoteWriteEncoder.encode(List.of())).isEmpty();
  }

  private static void bytes(ByteArrayOutputStream out, int... values) {
    for (int v : values) {
      out.write(v);
    }
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }
}
