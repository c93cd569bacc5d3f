package dev.vscope.web;

import dev.vscope.LogText;
import dev.vscope.Json;
import dev.vscope.store.StoreException;
import dev.vscope.store.UnknownSeriesException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * vscope's HTTP server: the JSON API under {@code /api/v1} and the static pages. Errors are mapped
 * to JSON here and only here; a client never sees a stack trace. Every response carries the
 * security headers.
 */
public final class WebServer implements AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(WebServer.class);
  private static final long MAX_REQUEST_BYTES = 64 * 1024;
  /** Time allowed for a request line and headers; a browser sends them in one packet. */
  private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);

  private final Javalin app;
  private final RequestHeaderTimeout headerTimeout;

  private WebServer(Javalin app, RequestHeaderTimeout headerTimeout) {
    this.app = app;
    this.headerTimeout = headerTimeout;
  }

  /**
   * Where and how to listen.
   *
   * @param port 0 picks a free one
   * @param tls the HTTPS identity, or null for plain HTTP (behind a TLS-terminating proxy only)
   */
  public record Options(String host, int port, ServerIdentity tls) {}

  /** Builds and starts the server. */
  public static WebServer start(Options options, Access access, List<RouteGroup> routeGroups) {
    Javalin app =
        Javalin.create(config -> {
          config.startup.showJavalinBanner = false;
          config.jetty.host = options.host();
          config.jetty.port = options.port();
          config.jetty.modifyServer(server -> {
            if (options.tls() != null) {
              server.setConnectors(new Connector[] {httpsConnector(server, options)});
            }
            server.setErrorHandler(new JsonErrorHandler(options.tls() != null));
          });
          config.http.maxRequestSize = MAX_REQUEST_BYTES;
          config.http.prefer405over404 = true;
          config.jsonMapper(new JavalinJackson(Json.mapper(), false));
          config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/public";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "no-cache");
          });
          config.staticFiles.enableWebjars();
          config.routes.before(WebServer::securityHeaders);
          config.routes.before(WebServer::checkQuery);
          config.routes.before(access::csrf);
          config.routes.before(access::authenticate);
          routeGroups.forEach(g -> g.register(config.routes));
          config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.error(), e.getMessage()));
          config.routes.exception(UnknownSeriesException.class, (e, ctx) -> error(ctx, 404, "not_found", "metric " + e.metric() + " not found"));
          config.routes.exception(StoreException.class, (e, ctx) -> {
            // expected while the disk or the engine is down: the client retries, the log says why once
            logger.warn("{} {}: the history store failed: {}", ctx.method(), LogText.of(ctx.path()), LogText.of(e.getMessage()));
            error(ctx, 503, "store_unavailable", "the history cannot be read now; try again later");
          });
          config.routes.exception(MethodNotAllowedResponse.class, (e, ctx) -> {
            ctx.header("Allow", String.join(", ", e.getDetails().values()));
            error(ctx, 405, "method_not_allowed", "method not allowed");
          });
          config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), "http_" + e.getStatus(), e.getMessage()));
          config.routes.exception(Exception.class, (e, ctx) -> {
            logger.error("{} {} failed", ctx.method(), LogText.of(ctx.path()), e);
            error(ctx, 500, "internal", "internal error; see the server log");
          });
          config.routes.error(404, ctx -> {
            if (ctx.path().startsWith("/api/") && !ctx.result().startsWith("{")) {
              error(ctx, 404, "not_found", "no such endpoint");
            }
          });
        });
    app.start();
    RequestHeaderTimeout headerTimeout = new RequestHeaderTimeout(HEADER_TIMEOUT);
    for (Connector c : app.jettyServer().server().getConnectors()) {
      ((ServerConnector) c).addBean(headerTimeout);
    }
    return new WebServer(app, headerTimeout);
  }

  /**
   * Serves new TLS connections with {@code identity}; connections already open keep the one they
   * began with. For a certificate renewed or replaced on disk ({@link CertificateWatch}).
   */
  void reloadTls(ServerIdentity identity) throws Exception {
    for (Connector c : app.jettyServer().server().getConnectors()) {
      SslConnectionFactory tls = c.getConnectionFactory(SslConnectionFactory.class);
      if (tls != null) {
        tls.getSslContextFactory().reload(f -> {
          f.setKeyStore(identity.keyStore());
          f.setKeyStorePassword(new String(identity.password()));
        });
      }
    }
  }

  /** The port actually listened on. */
  public int port() {
    return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
  }

  private static ServerConnector httpsConnector(Server server, Options options) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(options.tls().keyStore());
    ssl.setKeyStorePassword(new String(options.tls().password()));
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    // self-signed certificates name the machine, not every address it is reached by
    http.addCustomizer(new SecureRequestCustomizer(false));
    ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
    connector.setHost(options.host());
    connector.setPort(options.port());
    return connector;
  }

  private static void securityHeaders(Context ctx) {
    SecurityHeaders.apply(ctx::header, ctx.path(), ctx.scheme().equals("https"));
  }

  /**
   * A query string that does not decode is refused, rather than read as if the parameter were
   * absent ({@code ?datacenter=%zz} used to list every datacenter; issue 16).
   */
  private static void checkQuery(Context ctx) {
    String query = ctx.queryString();
    if (query == null || !ctx.path().startsWith("/api/")) {
      return;
    }
    try {
      for (String part : query.split("&")) {
        URLDecoder.decode(part, StandardCharsets.UTF_8);
      }
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("the query string is not valid URL encoding");
    }
  }

  /** The one shape of every API error; the message in the caller's language, the code in none. */
  static void error(Context ctx, int status, String error, String message) {
    String text = ApiMessages.localize(message, ctx.header("Accept-Language"));
    ctx.status(status).json(Map.of("error", error, "message", text == null ? "" : text));
  }

  @Override
  public void close() {
    app.stop();
    headerTimeout.close();
  }
}
