package dev.vscope.vim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VcenterTlsTest {

  @Test
  void thumbprintsNormalizeToColonHex() {
    String hex = "ab".repeat(32);
    assertThat(VcenterTls.normalizeThumbprint(hex)).isEqualTo("AB:".repeat(31) + "AB");
    assertThat(VcenterTls.normalizeThumbprint("AB:".repeat(31) + "AB")).isEqualTo("AB:".repeat(31) + "AB");
  }

  @Test
  void sha1ThumbprintIsRefused() {
    assertThatThrownBy(() -> VcenterTls.normalizeThumbprint("ab".repeat(20))).hasMessageContaining("SHA-256");
  }

  @Test
  void pinRefusesOtherCertificates() {
    var tm = new VcenterTls.PinnedTrustManager("AB:".repeat(31) + "AB");
    assertThatThrownBy(() -> tm.checkServerTrusted(new java.security.cert.X509Certificate[0], "RSA"))
        .hasMessageContaining("no server certificate");
  }
}
