package dev.vscope.web;

import dev.vscope.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * vscope's HTTP server: the JSON API under {@code /api/v1} and the static pages. Errors are mapped
 * to JSON here and only here; a client never sees a stack trace. Every response carries the
 * security headers.
 */
public final class WebServer implements AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(WebServer.class);
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
          + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  private static final long MAX_REQUEST_BYTES = 64 * 1024;

  private final Javalin app;

  private WebServer(Javalin app) {
    this.app = app;
  }

  /** Builds and starts the server on {@code host:port} (port 0 picks a free one). */
  public static WebServer start(String host, int port, ApiRoutes api) {
    Javalin app =
        Javalin.create(config -> {
          config.startup.showJavalinBanner = false;
          config.jetty.host = host;
          config.jetty.port = port;
          config.http.maxRequestSize = MAX_REQUEST_BYTES;
          config.jsonMapper(new JavalinJackson(Json.mapper(), false));
          config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/public";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "no-cache");
          });
          config.staticFiles.enableWebjars();
          config.routes.before(WebServer::securityHeaders);
          api.register(config.routes);
          config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.error(), e.getMessage()));
          config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), "http_" + e.getStatus(), e.getMessage()));
          config.routes.exception(Exception.class, (e, ctx) -> {
            logger.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal", "internal error; see the server log");
          });
          config.routes.error(404, ctx -> {
            if (ctx.path().startsWith("/api/") && !ctx.result().startsWith("{")) {
              error(ctx, 404, "not_found", "no such endpoint");
            }
          });
        });
    app.start();
    return new WebServer(app);
  }

  public int port() {
    return app.port();
  }

  private static void securityHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    if (ctx.path().startsWith("/api/")) {
      ctx.header("Cache-Control", "no-store");
    }
  }

  static void error(Context ctx, int status, String error, String message) {
    ctx.status(status).json(Map.of("error", error, "message", message == null ? "" : message));
  }

  @Override
  public void close() {
    app.stop();
  }
}
