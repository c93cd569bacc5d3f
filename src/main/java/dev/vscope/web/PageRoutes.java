package dev.vscope.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Serves the HTML pages made by {@link PageTemplate}, as the static files around them are served:
 * {@code Cache-Control: no-cache}, so that a browser asks again each time and an {@code ETag}
 * answers 304 while the page is the same. {@code /} is the overview.
 */
public final class PageRoutes implements RouteGroup {

  /** One page, made once. */
  private record Page(byte[] html, String etag) {}

  private final Map<String, Page> pages;

  public PageRoutes() {
    this.pages = new java.util.TreeMap<>();
    PageTemplate.all().forEach((name, html) -> {
      byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
      pages.put(name, new Page(bytes, etag(bytes)));
    });
  }

  @Override
  public void register(RoutesConfig routes) {
    pages.forEach((name, page) -> {
      Handler h = ctx -> serve(ctx, page);
      routes.get("/" + name, h);
      routes.head("/" + name, h);
      if (name.equals("index.html")) {
        routes.get("/", h);
        routes.head("/", h);
      }
    });
  }

  private static void serve(Context ctx, Page page) {
    ctx.header("Cache-Control", "no-cache");
    ctx.header("ETag", page.etag());
    if (page.etag().equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    ctx.contentType("text/html; charset=utf-8").result(page.html());
  }

  private static String etag(byte[] bytes) {
    try {
      return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java", e);
    }
  }
}
