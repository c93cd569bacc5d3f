package dev.vscope.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code GET /metrics} in the Prometheus text or OpenMetrics format, chosen by the scraper's
 * {@code Accept} header, written by Prometheus' own client library. Needs the configured bearer
 * token; answers 404 when none is configured, as if it did not exist.
 */
public final class MetricsRoute implements RouteGroup {

  private final PrometheusRegistry registry;
  private final byte[] token;
  private final ExpositionFormats formats = ExpositionFormats.init();

  /** @param token the bearer token, or null to turn the endpoint off */
  public MetricsRoute(PrometheusRegistry registry, String token) {
    this.registry = registry;
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/metrics", this::scrape);
  }

  private void scrape(Context ctx) throws IOException {
    if (token == null) {
      throw ApiException.notFound("/metrics (no metrics.token configured)");
    }
    String auth = ctx.header("Authorization");
    // the scheme is case-insensitive (RFC 7235 section 2.1): "bearer" is as good as "Bearer"
    boolean bearer = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7);
    byte[] given = bearer ? auth.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
    // constant-time: the comparison must not tell how much of a guess was right
    if (!MessageDigest.isEqual(given, token)) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"vscope\"");
      throw new ApiException(401, "unauthorized", "a valid bearer token is required");
    }
    ExpositionFormatWriter writer = formats.findWriter(ctx.header("Accept"));
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    writer.write(out, registry.scrape());
    ctx.contentType(writer.getContentType()).result(out.toByteArray());
  }
}
