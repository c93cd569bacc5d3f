package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.testing.MutableClock;
import dev.vscope.testing.Stderr;
import dev.vscope.vim.VcenterTls;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configured certificate replaced on disk (as certbot does) is served by a running server from
 * the next connection on; a file that does not load keeps the served one; a certificate close to
 * its expiry is logged once a day. A real HTTPS server, real TLS handshakes.
 */
class CertificateWatchIT {

  @TempDir Path dir;

  @Test
  void aReplacedCertificateIsServedWithoutARestart() throws Exception {
    Instant now = Instant.now();
    Path cert = dir.resolve("server.pem");
    Path key = dir.resolve("server.key");
    install(pair("a", now), cert, key);
    String first = sha256(cert);
    ServerIdentity identity = ServerIdentity.fromPem(cert, key);
    try (WebServer server = WebServer.start(new WebServer.Options("127.0.0.1", 0, identity), new Access(null), List.of())) {
      CertificateWatch watch = new CertificateWatch(at -> ServerIdentity.fromPem(cert, key), server, Clock.systemUTC(), identity);
      assertThat(servedBy(server)).isEqualTo(first);

      watch.check();
      assertThat(servedBy(server)).as("unchanged files: same certificate").isEqualTo(first);

      install(pair("b", now), cert, key);
      String second = sha256(cert);
      assertThat(second).isNotEqualTo(first);
      watch.check();
      assertThat(servedBy(server)).isEqualTo(second);
      assertThat(watch.served().fingerprint()).isEqualTo(second);

      Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nbeing rewritten");
      String log = Stderr.of(watch::check);
      assertThat(servedBy(server)).as("a file that does not load keeps the served certificate").isEqualTo(second);
      assertThat(log).contains("WARN").contains("not reloaded").contains(second).doesNotContain("\tat ");
    }
  }

  @Test
  void aCertificateCloseToItsExpiryIsLoggedOnceADay() throws Exception {
    Instant now = Instant.parse("2026-06-01T10:00:00Z");
    Path cert = dir.resolve("server.pem");
    Path key = dir.resolve("server.key");
    // made 810 days ago: 15 days left of the 825
    install(pair("old", now.minus(Duration.ofDays(810))), cert, key);
    ServerIdentity identity = ServerIdentity.fromPem(cert, key);
    assertThat(identity.notAfter()).isEqualTo(read(cert).getNotAfter().toInstant());
    try (WebServer server = WebServer.start(new WebServer.Options("127.0.0.1", 0, identity), new Access(null), List.of())) {
      MutableClock clock = new MutableClock(now);
      CertificateWatch watch = new CertificateWatch(at -> ServerIdentity.fromPem(cert, key), server, clock, identity);
      assertThat(Stderr.of(watch::check)).contains("WARN").contains("expires").contains(identity.fingerprint());
      clock.advance(Duration.ofHours(5));
      assertThat(Stderr.of(watch::check)).as("the same day").doesNotContain("expires");
      clock.advance(Duration.ofHours(19));
      assertThat(Stderr.of(watch::check)).as("the next day").contains("expires");
    }
  }

  /** A new self-signed pair made as of {@code madeAt}, in a directory of its own. */
  private Path[] pair(String name, Instant madeAt) throws Exception {
    Path c = dir.resolve(name + "-cert.pem");
    Path k = dir.resolve(name + "-key.pem");
    ServerIdentity.generate(c, k, madeAt);
    return new Path[] {c, k};
  }

  /** Key first, then certificate, each moved into place, as a renewal tool does. */
  private static void install(Path[] pair, Path cert, Path key) throws Exception {
    Files.copy(pair[1], key, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(pair[0], cert, StandardCopyOption.REPLACE_EXISTING);
  }

  private static X509Certificate read(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  /** SHA-256 of the certificate's DER, as vscope prints fingerprints: upper-case hex pairs joined by colons. */
  private static String sha256(Path pem) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(read(pem).getEncoded());
    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
  }

  /** The fingerprint of the certificate a new TLS connection to the server is shown. */
  private static String servedBy(WebServer server) throws Exception {
    try (SSLSocket socket = (SSLSocket) VcenterTls.context(null, null, true).getSocketFactory().createSocket("127.0.0.1", server.port())) {
      socket.startHandshake();
      byte[] der = socket.getSession().getPeerCertificates()[0].getEncoded();
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    }
  }

}
