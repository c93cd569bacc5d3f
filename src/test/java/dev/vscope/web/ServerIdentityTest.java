package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vscope.vim.VcenterTls;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerIdentityTest {

  @TempDir Path dir;

  @Test
  void selfSignedIsMadeOnceKeptPrivateAndReused() throws Exception {
    ServerIdentity first = ServerIdentity.selfSigned(dir);
    assertThat(Files.getPosixFilePermissions(dir.resolve("vscope-key.pem")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    ServerIdentity again = ServerIdentity.selfSigned(dir);
    assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
    X509Certificate cert = (X509Certificate) first.keyStore().getCertificate(ServerIdentity.ALIAS);
    assertThat(VcenterTls.thumbprint(cert)).isEqualTo(first.fingerprint());
    assertThat(cert.getSubjectAlternativeNames()).extracting(l -> l.get(1).toString()).contains("localhost", "127.0.0.1");
  }

  @Test
  void configuredPemAndPkcs12AreLoaded() throws Exception {
    ServerIdentity made = ServerIdentity.selfSigned(dir.resolve("made"));
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
    ServerIdentity.selfSigned(dir);
    assertThatThrownBy(() -> ServerIdentity.fromPem(dir.resolve("vscope-cert.pem"), dir.resolve("vscope-cert.pem")))
        .hasMessageContaining("private key");
  }
}
