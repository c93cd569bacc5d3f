package dev.vscope;

import dev.vscope.alert.AlertEngine;
import dev.vscope.collect.SnapshotSource;
import dev.vscope.config.ServerConfig;
import dev.vscope.config.VscopeConfig;
import dev.vscope.events.EventArchive;
import dev.vscope.health.HealthMonitor;
import dev.vscope.store.HistoryStore;
import dev.vscope.web.Access;
import dev.vscope.web.AlertRoutes;
import dev.vscope.web.CertificateWatch;
import dev.vscope.web.ClientAddress;
import dev.vscope.web.ApiRoutes;
import dev.vscope.web.Authenticator;
import dev.vscope.web.EventRoutes;
import dev.vscope.web.HealthRoutes;
import dev.vscope.web.MetricsRoute;
import dev.vscope.web.PageRoutes;
import dev.vscope.web.RouteGroup;
import dev.vscope.web.SessionRoutes;
import dev.vscope.web.LoginThrottle;
import dev.vscope.web.ServerIdentity;
import dev.vscope.web.SessionStore;
import dev.vscope.web.WebServer;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web side of {@link Application}: HTTPS identity, sessions and login, the API over the
 * collectors' snapshots and the store, {@code /metrics}, and the server.
 */
final class WebStack implements AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(WebStack.class);

  private final WebServer server;
  private final SessionStore sessions;
  private final ScheduledExecutorService maintenance;
  private final boolean https;

  private WebStack(WebServer server, SessionStore sessions, ScheduledExecutorService maintenance, boolean https) {
    this.server = server;
    this.sessions = sessions;
    this.maintenance = maintenance;
    this.https = https;
  }

  /**
   * @param health the health checks' findings, kept up to date by the collection cycles
   * @param authenticator checks logins; ignored when login is turned off
   */
  static WebStack start(VscopeConfig config, SnapshotSource snapshots, HistoryStore store, EventArchive events, Clock clock,
      PrometheusRegistry registry, HealthMonitor health, Authenticator authenticator, AlertEngine alerts) throws IOException, GeneralSecurityException {
    ServerIdentity identity = identity(config, clock.instant());
    SessionStore sessions = config.auth().enabled() ? new SessionStore(clock, config.auth(), SessionStore.Limits.defaults()) : null;
    Access access = new Access(sessions);
    ApiRoutes api = new ApiRoutes(snapshots, store, clock, config.collector().interval().toSeconds(), config.thresholds(), health, access,
        alerts::channels);
    LoginThrottle throttle = new LoginThrottle(clock, LoginThrottle.Limits.defaults());
    List<RouteGroup> routes = List.of(
        new SessionRoutes(access, authenticator, throttle, true, ClientAddress.trusting(config.server().trustedProxies())),
        api,
        new EventRoutes(snapshots, events, access),
        new AlertRoutes(alerts, snapshots, access, clock),
        new HealthRoutes(snapshots),
        new PageRoutes(),
        new MetricsRoute(registry, config.metrics().token()));
    WebServer server = WebServer.start(new WebServer.Options(config.server().bind(), config.server().port(), identity), access, routes);
    ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "vscope-web-upkeep");
      t.setDaemon(true);
      return t;
    });
    if (sessions != null) {
      maintenance.scheduleWithFixedDelay(new BackgroundTask("session maintenance", sessions::maintain), 30, 30, TimeUnit.SECONDS);
    } else {
      logger.warn("login is turned off (auth.enabled: false): everyone who reaches port {} sees everything", server.port());
    }
    if (identity != null) {
      logger.info("HTTPS certificate SHA-256 fingerprint: {}, valid until {}", identity.fingerprint(), identity.notAfter());
      CertificateWatch certificate = new CertificateWatch(now -> identity(config, now), server, clock, identity);
      certificate.check();
      maintenance.scheduleWithFixedDelay(new BackgroundTask("certificate check", certificate::check), 1, 1, TimeUnit.HOURS);
      GaugeWithCallback.builder().name("vscope_tls_certificate_expiry_timestamp_seconds").unit(Unit.SECONDS)
          .help("When the HTTPS certificate served expires").callback(cb -> cb.call(certificate.served().notAfter().getEpochSecond()))
          .register(registry);
    } else {
      logger.warn("serving plain HTTP (server.plainHttp: true): put a TLS-terminating proxy in front");
    }
    return new WebStack(server, sessions, maintenance, identity != null);
  }

  private static ServerIdentity identity(VscopeConfig config, Instant now) throws IOException, GeneralSecurityException {
    ServerConfig s = config.server();
    if (s.plainHttp()) {
      return null;
    }
    if (s.certificate() == null) {
      return ServerIdentity.selfSigned(config.storage().path().resolve("tls"), now);
    }
    if (s.key() != null) {
      return ServerIdentity.fromPem(s.certificate(), s.key());
    }
    return ServerIdentity.fromPkcs12(s.certificate(), s.keystorePassword().toCharArray());
  }

  int port() {
    return server.port();
  }

  /** The base URL on loopback, for logs and tests. */
  String url() {
    return (https ? "https" : "http") + "://127.0.0.1:" + port();
  }

  /** The sessions, or null when login is turned off. */
  SessionStore sessions() {
    return sessions;
  }

  @Override
  public void close() {
    maintenance.shutdownNow();
    server.close();
    if (sessions != null) {
      sessions.closeAll();
    }
  }
}
