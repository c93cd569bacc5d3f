package dev.vscope.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileNamesTest {

  @Test
  void encodesEntityIdsAndMetricsReadably() {
    assertThat(FileNames.encode("demo:vm-42")).isEqualTo("demo%3Avm-42");
    assertThat(FileNames.encode("cpu.usage")).isEqualTo("cpu.usage");
    assertThat(FileNames.encode("net.rx[vmnic0]")).isEqualTo("net.rx%5Bvmnic0%5D");
    assertThat(FileNames.encode("datastore.readLatency[datastore-15]"))
        .isEqualTo("datastore.read%4Catency%5Bdatastore-15%5D");
  }

  @Test
  void neverProducesASeparatorADotDirectoryOrAHiddenName() {
    assertThat(FileNames.encode("..")).isEqualTo("%2E.");
    assertThat(FileNames.encode(".")).isEqualTo("%2E");
    assertThat(FileNames.encode("../etc/passwd")).isEqualTo("%2E.%2Fetc%2Fpasswd");
    assertThat(FileNames.encode("a\\b")).isEqualTo("a%5Cb");
    assertThat(FileNames.encode(".hidden")).isEqualTo("%2Ehidden");
    assertThat(FileNames.encode("100%")).isEqualTo("100%25");
    assertThat(FileNames.encode("nul\0")).isEqualTo("nul%00");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "demo:vm-42",
        "..",
        "../x",
        "net.rx[vmnic0]",
        "Größe",
        "a b%c",
        "datastore.readLatency[datastore-15]"
      })
  void decodesWhatItEncodes(String name) {
    assertThat(FileNames.decode(FileNames.encode(name))).hasValue(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"demo%3avm-42", "Demo", ".hidden", "%2", "%ZZ", "a:b", "%C3", "%61"})
  void ignoresNamesItDidNotWrite(String segment) {
    assertThat(FileNames.decode(segment)).isEmpty();
  }

  @Test
  void rejectsEmptyAndOverlongNames() {
    assertThatThrownBy(() -> FileNames.encode("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FileNames.encode(null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(FileNames.tryEncode("a".repeat(200))).isPresent();
    assertThat(FileNames.tryEncode("a".repeat(201))).isEmpty();
    assertThat(FileNames.tryEncode(":".repeat(67))).isEmpty(); // 201 characters once encoded
  }
}
