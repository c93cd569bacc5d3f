package dev.vscope.vim;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How vscope trusts a vCenter's certificate: the system trust store plus an optional CA file, or
 * a pinned SHA-256 thumbprint of the vCenter's own certificate (vCenters often keep their
 * self-signed one). Verification is never silently off: only an explicit {@code insecure: true}
 * turns it off, and that is warned about at every start.
 */
public final class VcenterTls {

  private VcenterTls() {}

  /**
   * Builds the TLS context for one vCenter.
   *
   * @param thumbprint SHA-256 of the certificate, hex with or without colons, or null
   * @param caFile PEM file of extra trusted CA certificates, or null
   * @param insecure accept any certificate
   */
  public static SSLContext context(String thumbprint, Path caFile, boolean insecure) {
    try {
      TrustManager tm;
      if (insecure) {
        tm = new PinnedTrustManager(null);
      } else if (thumbprint != null) {
        tm = new PinnedTrustManager(normalizeThumbprint(thumbprint));
      } else {
        tm = systemTrustPlus(caFile);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {tm}, null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** Upper-case hex with colons, the form vSphere shows; rejects anything but SHA-256. */
  public static String normalizeThumbprint(String thumbprint) {
    String hex = thumbprint.replaceAll("[:\\s]", "").toUpperCase(Locale.ROOT);
    if (!hex.matches("[0-9A-F]{64}")) {
      throw new IllegalArgumentException(
          "thumbprint must be the SHA-256 of the certificate (64 hex digits, colons allowed)");
    }
    return hex.replaceAll("(..)(?!$)", "$1:");
  }

  /** SHA-256 thumbprint of a certificate in the form {@link #normalizeThumbprint} gives. */
  public static String thumbprint(Certificate cert) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TrustManager systemTrustPlus(Path caFile) throws GeneralSecurityException, IOException {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (caFile == null) {
      tmf.init((KeyStore) null);
      return tmf.getTrustManagers()[0];
    }
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    Path system = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
    try (InputStream in = Files.newInputStream(system)) {
      ks.load(in, null);
    }
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    int i = 0;
    try (InputStream in = Files.newInputStream(caFile)) {
      for (Certificate c : cf.generateCertificates(in)) {
        ks.setCertificateEntry("vscope-ca-" + i++, c);
      }
    }
    if (i == 0) {
      throw new CertificateException("no certificate in " + caFile);
    }
    tmf.init(ks);
    return tmf.getTrustManagers()[0];
  }

  /**
   * Trusts exactly the certificate with the pinned thumbprint, whatever its issuer or name: the pin
   * is a stronger statement than either. With no pin it trusts anything (the explicit insecure mode).
   * Being an {@link X509ExtendedTrustManager}, JSSE adds no host name check of its own.
   */
  static final class PinnedTrustManager extends X509ExtendedTrustManager {
    private final String pin;

    PinnedTrustManager(String pin) {
      this.pin = pin;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      if (pin == null) {
        return;
      }
      if (chain == null || chain.length == 0) {
        throw new CertificateException("no server certificate");
      }
      String actual = thumbprint(chain[0]);
      if (!actual.equals(pin)) {
        throw new CertificateException(
            "server certificate thumbprint " + actual + " does not match the configured " + pin);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
