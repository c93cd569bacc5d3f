package dev.vscope.web;

import dev.vscope.vim.VcenterTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate and key vscope serves HTTPS with: a configured PEM pair or PKCS#12 file, or a
 * self-signed certificate made at first start and kept in the data directory (its SHA-256
 * fingerprint is logged, so users can check what their browser shows). The JDK cannot write
 * certificates, hence BouncyCastle.
 *
 * @param keyStore in-memory store holding the key under alias {@code vscope}
 * @param password password of that in-memory store
 * @param fingerprint SHA-256 of the certificate, colon-separated hex
 * @param notAfter when the certificate expires
 */
public record ServerIdentity(KeyStore keyStore, char[] password, String fingerprint, Instant notAfter) {

  static final String ALIAS = "vscope";
  /** How long a self-signed certificate is valid: browsers refuse longer ones (825 days). */
  static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(825);
  /** A self-signed certificate this close to its expiry is made again, at start or by {@link CertificateWatch}. */
  public static final Duration RENEW_BEFORE = Duration.ofDays(30);

  /** A PEM certificate (chain) and its PEM private key. */
  public static ServerIdentity fromPem(Path certificate, Path key) throws IOException, GeneralSecurityException {
    List<Certificate> chain = new ArrayList<>();
    try (InputStream in = Files.newInputStream(certificate)) {
      chain.addAll(java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in));
    }
    if (chain.isEmpty()) {
      throw new GeneralSecurityException("no certificate in " + certificate);
    }
    return of(readKey(key), chain.toArray(new Certificate[0]));
  }

  /** A PKCS#12 file with one key entry. */
  public static ServerIdentity fromPkcs12(Path file, char[] password) throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, password);
    }
    for (String alias : java.util.Collections.list(ks.aliases())) {
      if (ks.isKeyEntry(alias)) {
        return of((PrivateKey) ks.getKey(alias, password), ks.getCertificateChain(alias));
      }
    }
    throw new GeneralSecurityException("no private key in " + file);
  }

  /**
   * The self-signed identity in {@code dir}, made on first use for this host's names, and made
   * again when it expires within {@link #RENEW_BEFORE} of {@code now}: nobody renews a
   * certificate vscope made for itself, and a service runs for longer than 825 days.
   */
  public static ServerIdentity selfSigned(Path dir, Instant now) throws IOException, GeneralSecurityException {
    Path cert = dir.resolve("vscope-cert.pem");
    Path key = dir.resolve("vscope-key.pem");
    if (!Files.exists(cert) || !Files.exists(key)) {
      Files.createDirectories(dir);
      generate(cert, key, now);
    }
    ServerIdentity identity = fromPem(cert, key);
    if (identity.notAfter().isBefore(now.plus(RENEW_BEFORE))) {
      generate(cert, key, now);
      identity = fromPem(cert, key);
    }
    return identity;
  }

  private static ServerIdentity of(PrivateKey key, Certificate[] chain) throws IOException, GeneralSecurityException {
    char[] password = new char[24];
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < password.length; i++) {
      password[i] = (char) ('a' + random.nextInt(26));
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(ALIAS, key, password, chain);
    return new ServerIdentity(ks, password, VcenterTls.thumbprint(chain[0]), ((X509Certificate) chain[0]).getNotAfter().toInstant());
  }

  private static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
    try (Reader r = Files.newBufferedReader(file); PEMParser parser = new PEMParser(r)) {
      Object o = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (o instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new GeneralSecurityException(file + " holds no unencrypted PEM private key");
    }
  }

  /** Writes a new self-signed pair, valid from a day before {@code now} for {@link #SELF_SIGNED_VALIDITY}. */
  static void generate(Path certFile, Path keyFile, Instant now) throws IOException, GeneralSecurityException {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = gen.generateKeyPair();
    String host = InetAddress.getLocalHost().getHostName();
    X500Name name = new X500Name("CN=" + host.replaceAll("[,=+<>#;\"\\\\]", "") + ",O=vscope self-signed");
    byte[] serial = new byte[16];
    new SecureRandom().nextBytes(serial);
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(name, new BigInteger(1, serial), Date.from(now.minus(Duration.ofDays(1))),
            Date.from(now.minus(Duration.ofDays(1)).plus(SELF_SIGNED_VALIDITY)), name, pair.getPublic());
    GeneralNames sans = new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, host),
        new GeneralName(GeneralName.dNSName, "localhost"),
        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
        new GeneralName(GeneralName.iPAddress, "::1")});
    builder.addExtension(Extension.subjectAlternativeName, false, sans);
    X509Certificate cert;
    try {
      cert = new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign the certificate", e);
    }
    // write both, key first and private, then move into place: a crash leaves no half pair
    Path keyTmp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
    Files.deleteIfExists(keyTmp);
    try {
      Files.createFile(keyTmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(keyTmp);
    }
    try (Writer w = Files.newBufferedWriter(keyTmp); JcaPEMWriter pem = new JcaPEMWriter(w)) {
      // PKCS#8 ("PRIVATE KEY"): the form every tool reads, with the curve inside the key
      pem.writeObject(new JcaPKCS8Generator(pair.getPrivate(), null));
    }
    Path certTmp = certFile.resolveSibling(certFile.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(certTmp); JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(cert);
    }
    Files.move(keyTmp, keyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Files.move(certTmp, certFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
