package dev.vscope.web;

import io.javalin.http.Context;

/** Query parameters, checked the same way by every handler: missing and overlong ones are JSON 400s naming them. */
final class Params {

  static final int MAX_LENGTH = 512;

  private Params() {}

  static String required(Context ctx, String name) {
    String v = optional(ctx, name);
    if (v == null) {
      throw ApiException.badRequest("parameter '" + name + "' is required");
    }
    return v;
  }

  /** The parameter, or null when absent or empty. */
  static String optional(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    checkLength(name, v);
    return v;
  }

  /** Refuses a parameter other than those named: a misspelt one must not be ignored as if absent. */
  static void only(Context ctx, String... known) {
    for (String name : ctx.queryParamMap().keySet()) {
      if (!java.util.Arrays.asList(known).contains(name)) {
        // the name goes back in the message: a long one is cut
        String shown = name.length() > 64 ? name.substring(0, 64) + "…" : name;
        throw ApiException.badRequest("unknown parameter '" + shown + "'");
      }
    }
  }

  static void checkLength(String name, String v) {
    if (v.length() > MAX_LENGTH) {
      throw ApiException.badRequest("parameter '" + name + "' is too long");
    }
  }
}
