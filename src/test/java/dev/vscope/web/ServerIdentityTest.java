package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vscope.vim.VcenterTls;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerIdentityTest {

  @TempDir Path dir;

  @Test
  void selfSignedIsMadeOnceKeptPrivateAndReused() throws Exception {
    ServerIdentity first = ServerIdentity.selfSigned(dir, java.time.Instant.now());
    assertThat(Files.getPosixFilePermissions(dir.resolve("vscope-key.pem")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    ServerIdentity again = ServerIdentity.selfSigned(dir, java.time.Instant.now());
    assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
    X509Certificate cert = (X509Certificate) first.keyStore().getCertificate(ServerIdentity.ALIAS);
    assertThat(VcenterTls.thumbprint(cert)).isEqualTo(first.fingerprint());
    assertThat(cert.getSubjectAlternativeNames()).extracting(l -> l.get(1).toString()).contains("localhost", "127.0.0.1");
  }

  @Test
  void aSelfSignedCertificateIsMadeAgainAMonthBeforeItExpires() throws Exception {
    Instant made = Instant.parse("2026-01-10T08:00:00Z");
    ServerIdentity first = ServerIdentity.selfSigned(dir, made);
    Instant notAfter = readCertificate().getNotAfter().toInstant();
    assertThat(first.notAfter()).isEqualTo(notAfter);
    assertThat(Duration.between(made, notAfter)).isEqualTo(Duration.ofDays(824));

    // 31 days before the end: kept
    assertThat(ServerIdentity.selfSigned(dir, notAfter.minus(Duration.ofDays(31))).fingerprint()).isEqualTo(first.fingerprint());
    // 29 days before the end: a new certificate, for another 824 days from then
    Instant late = notAfter.minus(Duration.ofDays(29));
    ServerIdentity renewed = ServerIdentity.selfSigned(dir, late);
    assertThat(renewed.fingerprint()).isNotEqualTo(first.fingerprint());
    assertThat(readCertificate().getNotAfter().toInstant()).isEqualTo(late.plus(Duration.ofDays(824))).isEqualTo(renewed.notAfter());
    assertThat(ServerIdentity.selfSigned(dir, late).fingerprint()).as("then kept").isEqualTo(renewed.fingerprint());
  }

  private X509Certificate readCertificate() throws Exception {
    try (InputStream in = Files.newInputStream(dir.resolve("vscope-cert.pem"))) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  @Test
  void configuredPemAndPkcs12AreLoaded() throws Exception {
    ServerIdentity made = ServerIdentity.selfSigned(dir.resolve("made"), java.time.Instant.now());
    ServerIdentity pem = ServerIdentity.fromPem(dir.resolve("made/vscope-cert.pem"), dir.resolve("made/vscope-key.pem"));
    assertThat(pem.fingerprint()).isEqualTo(made.fingerprint());

    KeyStore p12 = KeyStore.getInstance("PKCS12");
    p12.load(null, null);
    char[] password = "p12-secret".toCharArray();
    p12.setKeyEntry("any-alias", (PrivateKey) made.keyStore().getKey(ServerIdentity.ALIAS, made.password()), password,
        made.keyStore().getCertificateChain(ServerIdentity.ALIAS));
    Path file = dir.resolve("server.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      p12.store(out, password);
    }
    ServerIdentity loaded = ServerIdentity.fromPkcs12(file, password);
    assertThat(loaded.fingerprint()).isEqualTo(made.fingerprint());
    Certificate[] chain = loaded.keyStore().getCertificateChain(ServerIdentity.ALIAS);
    assertThat(chain).hasSize(1);
    assertThatThrownBy(() -> ServerIdentity.fromPkcs12(file, "wrong".toCharArray())).isInstanceOf(Exception.class);
  }

  @Test
  void aPemWithoutAKeyIsRefused() throws Exception {
    ServerIdentity.selfSigned(dir, java.time.Instant.now());
    assertThatThrownBy(() -> ServerIdentity.fromPem(dir.resolve("vscope-cert.pem"), dir.resolve("vscope-cert.pem")))
        .hasMessageContaining("private key");
  }
}
