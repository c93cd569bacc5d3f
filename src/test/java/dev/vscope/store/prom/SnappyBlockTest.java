package dev.vscope.store.prom;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlift.compress.snappy.SnappyDecompressor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SnappyBlockTest {

  static Stream<byte[]> inputs() {
    Random random = new Random(42);
    byte[] randomBytes = new byte[300_000];
    random.nextBytes(randomBytes);
    byte[] request = RemoteWriteEncoder.encode(List.of(realisticRecord()));
    return Stream.of(
        new byte[0],
        new byte[] {7},
        "abcabcabcabcabcabcabcabcabcabcabc".getBytes(StandardCharsets.US_ASCII),
        new byte[100_000], // long runs: overlapping copies
        randomBytes, // incompressible: long literals
        request);
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void roundTripsThroughTwoIndependentDecoders(byte[] input) throws Exception {
    byte[] compressed = SnappyBlock.compress(input);

    assertThat(SnappyDecoder.decode(compressed)).isEqualTo(input);
    byte[] out = new byte[SnappyDecompressor.getUncompressedLength(compressed, 0)];
    int n = new SnappyDecompressor().decompress(compressed, 0, compressed.length, out, 0, out.length);
    assertThat(n).isEqualTo(input.length);
    assertThat(out).isEqualTo(input);
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void compressesRepetitiveData(byte[] input) {
    if (input.length >= 10_000 && input[1] == 0) {
      assertThat(SnappyBlock.compress(input).length).isLessThan(input.length / 10);
    }
  }

  private static WriteRecord realisticRecord() {
    List<WriteRecord.RemoteSample> samples =
        java.util.stream.IntStream.range(0, 180)
            .mapToObj(i -> new WriteRecord.RemoteSample(1_700_000_000_000L + 20_000L * i, 40 + i % 7))
            .toList();
    return new WriteRecord(
        "demo:vm-42",
        List.of(
            new WriteRecord.MetricSamples("cpu.usage", samples),
            new WriteRecord.MetricSamples("mem.usage", samples)));
  }
}
