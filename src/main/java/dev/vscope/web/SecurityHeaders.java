package dev.vscope.web;

import java.util.function.BiConsumer;

/**
 * The headers every answer carries, from the API, the pages, and Jetty's own error pages alike (a
 * malformed request is answered by Jetty before any handler runs; issue 16).
 */
final class SecurityHeaders {

  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
          + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private SecurityHeaders() {}

  /**
   * @param path the request's path, or null when it could not be read
   * @param https whether the request came over TLS
   */
  static void apply(BiConsumer<String, String> header, String path, boolean https) {
    header.accept("Content-Security-Policy", CSP);
    header.accept("X-Content-Type-Options", "nosniff");
    header.accept("X-Frame-Options", "DENY");
    header.accept("Referrer-Policy", "no-referrer");
    header.accept("Cross-Origin-Opener-Policy", "same-origin");
    if (path == null || !isStaticFile(path)) {
      // answers about the inventory, the user or the server: for no cache to keep
      header.accept("Cache-Control", "no-store");
    }
    if (https) {
      header.accept("Strict-Transport-Security", "max-age=31536000");
    }
  }

  /** Pages, scripts and styles, which set their own {@code Cache-Control}. */
  private static boolean isStaticFile(String path) {
    return !path.startsWith("/api/") && !path.equals("/metrics") && !path.equals("/healthz") && !path.equals("/readyz");
  }
}
