package dev.vscope.store.prom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

  private static final WriteRecord RECORD =
      new WriteRecord(
          "demo:vm-42 ✓",
          List.of(
              new WriteRecord.MetricSamples(
                  "cpu.usage",
                  List.of(new WriteRecord.RemoteSample(1_700_000_000_000L, 12.5), new WriteRecord.RemoteSample(-20, -0.0))),
              new WriteRecord.MetricSamples("net.rx[vmnic0]", List.of()),
              new WriteRecord.MetricSamples("x", List.of(new WriteRecord.RemoteSample(0, Double.MIN_VALUE)))));

  @Test
  void roundTrips() throws IOException {
    assertThat(RecordCodec.decode(RecordCodec.encode(RECORD))).isEqualTo(RECORD);
  }

  @Test
  void refusesAnUnknownVersion() {
    byte[] bytes = RecordCodec.encode(RECORD);
    bytes[0] = 9;
    assertThatThrownBy(() -> RecordCodec.decode(bytes)).isInstanceOf(IOException.class).hasMessageContaining("version 9");
  }

  @Test
  void refusesTruncatedOrPaddedBytes() {
    byte[] bytes = RecordCodec.encode(RECORD);
    assertThatThrownBy(() -> RecordCodec.decode(Arrays.copyOf(bytes, bytes.length - 3))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> RecordCodec.decode(Arrays.copyOf(bytes, bytes.length + 1))).isInstanceOf(IOException.class);
  }

  @Test
  void refusesImplausibleCountsWithoutAllocatingThem() {
    byte[] bytes = RecordCodec.encode(RECORD);
    bytes[1] = 0x7F; // entity length ~2 GB
    assertThatThrownBy(() -> RecordCodec.decode(bytes)).isInstanceOf(IOException.class).hasMessageContaining("implausible");
  }
}
