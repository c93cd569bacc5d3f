package dev.vscope.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;

/**
 * Sends a cached answer of {@link ListCache} whole, with its length: gzip'd when the client accepts
 * gzip, and 304 Not Modified when the client's {@code If-None-Match} names it.
 */
final class CachedJson {

  private CachedJson() {}

  static void send(Context ctx, ListCache.Answer answer) throws IOException {
    boolean gzip = acceptsGzip(ctx.header("Accept-Encoding"));
    // added to what the handler varies by already (the health checks: the language)
    String vary = ctx.res().getHeader("Vary");
    ctx.header("Vary", vary == null ? "Accept-Encoding" : vary + ", Accept-Encoding");
    ctx.header("ETag", gzip ? answer.gzipEtag() : answer.etag());
    if (matches(ctx.header("If-None-Match"), answer)) {
      ctx.status(304);
      return;
    }
    byte[] body = gzip ? answer.gzip() : answer.json();
    ctx.contentType("application/json");
    if (gzip) {
      ctx.header("Content-Encoding", "gzip");
    }
    // Straight to the servlet response, around Javalin's own compression, which would otherwise
    // gzip the JSON again on every request.
    ctx.res().setContentLength(body.length);
    ctx.res().getOutputStream().write(body);
  }

  /** Whether an Accept-Encoding header accepts gzip: named with a non-zero quality, or else {@code *} is. */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    Double gzip = null;
    Double any = null;
    for (String part : acceptEncoding.split(",")) {
      String[] p = part.split(";");
      String coding = p[0].trim().toLowerCase(Locale.ROOT);
      double q = 1;
      for (int i = 1; i < p.length; i++) {
        String param = p[i].trim().toLowerCase(Locale.ROOT);
        if (param.startsWith("q=")) {
          q = quality(param.substring(2).trim());
        }
      }
      if (coding.equals("gzip") || coding.equals("x-gzip")) {
        gzip = q;
      } else if (coding.equals("*")) {
        any = q;
      }
    }
    double q = gzip != null ? gzip : any != null ? any : 0;
    return q > 0;
  }

  private static double quality(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return 0; // unreadable: plain JSON is always safe
    }
  }

  /** Whether If-None-Match names the answer, in either representation (the content is the same), or is {@code *}. */
  static boolean matches(String ifNoneMatch, ListCache.Answer answer) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.trim();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals("*") || t.equals(answer.etag()) || t.equals(answer.gzipEtag())) {
        return true;
      }
    }
    return false;
  }
}
