package dev.vscope.web;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the HTTPS certificate current without a restart. Each {@link #check} loads the identity
 * again, as at start: a self-signed certificate close to its expiry is made anew
 * ({@link ServerIdentity#selfSigned}), and a configured one that was replaced on disk (by certbot
 * or an admin) is served from the next connection on. A file that does not load (half written, or
 * wrong) leaves the served certificate in place and is logged; so is, once a day, a certificate
 * that expires within {@link ServerIdentity#RENEW_BEFORE}, since vscope cannot renew a configured
 * one itself.
 */
public final class CertificateWatch {

  private static final Logger logger = LoggerFactory.getLogger(CertificateWatch.class);

  /** Loads the identity as configured, as of {@code now}. */
  @FunctionalInterface
  public interface Loader {
    ServerIdentity load(Instant now) throws IOException, GeneralSecurityException;
  }

  private final Loader loader;
  private final WebServer server;
  private final Clock clock;
  private volatile ServerIdentity served;
  private LocalDate warnedOn;

  /** @param served the identity the server started with */
  public CertificateWatch(Loader loader, WebServer server, Clock clock, ServerIdentity served) {
    this.loader = loader;
    this.server = server;
    this.clock = clock;
    this.served = served;
  }

  /** The certificate served now. */
  public ServerIdentity served() {
    return served;
  }

  /** Loads the identity and serves it if it changed; warns about a certificate that expires soon. */
  public synchronized void check() {
    Instant now = clock.instant();
    try {
      ServerIdentity loaded = loader.load(now);
      if (!loaded.fingerprint().equals(served.fingerprint())) {
        server.reloadTls(loaded);
        served = loaded;
        logger.info("HTTPS certificate reloaded: SHA-256 fingerprint {}, valid until {}", loaded.fingerprint(), loaded.notAfter());
      }
    } catch (Exception e) {
      logger.warn("HTTPS certificate not reloaded, still serving {}: {}", served.fingerprint(), e.toString());
    }
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    if (served.notAfter().isBefore(now.plus(ServerIdentity.RENEW_BEFORE)) && !today.equals(warnedOn)) {
      warnedOn = today;
      logger.warn("HTTPS certificate {} {} {}: replace the configured certificate (vscope reloads it within an hour)", served.fingerprint(),
          served.notAfter().isBefore(now) ? "expired" : "expires", served.notAfter());
    }
  }
}
