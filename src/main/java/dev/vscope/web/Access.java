package dev.vscope.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what, checked before every handler: cross-site requests that change state are
 * refused (CSRF), and the API answers only to a logged-in session, whose viewer then filters every
 * answer. Pages themselves are public files; they hold no data and send the user to the login page
 * when the API answers 401.
 */
public final class Access {

  static final String COOKIE = "vscope_session";
  private static final String SESSION_ATTRIBUTE = "vscope.session";
  private static final Set<HandlerType> UNSAFE = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);
  private static final String SESSION_PATH = "/api/v1/session";

  private final SessionStore sessions;

  /** @param sessions the session store, or null when login is turned off */
  public Access(SessionStore sessions) {
    this.sessions = sessions;
  }

  boolean loginRequired() {
    return sessions != null;
  }

  SessionStore sessions() {
    return sessions;
  }

  /**
   * Refuses state-changing requests from another site. Browsers say where a request comes from
   * ({@code Origin}, {@code Sec-Fetch-Site}); a script that says neither may only log in and out.
   */
  void csrf(Context ctx) {
    if (!UNSAFE.contains(ctx.method())) {
      return;
    }
    String origin = ctx.header("Origin");
    String site = ctx.header("Sec-Fetch-Site");
    if (origin != null) {
      if (!sameOrigin(origin, ctx.scheme(), ctx.header("Host"))) {
        throw new ApiException(403, "forbidden", "cross-site request refused");
      }
    } else if (site != null) {
      if (!site.equals("same-origin") && !site.equals("none")) {
        throw new ApiException(403, "forbidden", "cross-site request refused");
      }
    } else if (!ctx.path().equals(SESSION_PATH)) {
      throw new ApiException(403, "forbidden", "requests without Origin may only log in and out");
    }
  }

  /**
   * Whether {@code Origin} names this server: scheme, host and port. Over HTTPS the origin must be
   * https (issue 16: {@code http://} on the same host and port passed). In plain HTTP, vscope is
   * behind a TLS-terminating proxy (or on a trusted network), whose public scheme it cannot know:
   * http and https are both accepted. A port left out means the default port of the origin's scheme.
   */
  static boolean sameOrigin(String origin, String serverScheme, String host) {
    if (host == null || origin.equals("null")) {
      return false;
    }
    try {
      URI o = URI.create(origin);
      String scheme = o.getScheme() == null ? "" : o.getScheme().toLowerCase(Locale.ROOT);
      boolean schemeOk = serverScheme.equals("https") ? scheme.equals("https") : scheme.equals("https") || scheme.equals("http");
      if (!schemeOk || o.getHost() == null || o.getRawPath() != null && !o.getRawPath().isEmpty()) {
        return false;
      }
      int defaultPort = scheme.equals("https") ? 443 : 80;
      String originAuthority = o.getHost().toLowerCase(Locale.ROOT) + ":" + (o.getPort() < 0 ? defaultPort : o.getPort());
      URI h = URI.create("//" + host);
      if (h.getHost() == null) {
        return false;
      }
      String hostAuthority = h.getHost().toLowerCase(Locale.ROOT) + ":" + (h.getPort() < 0 ? defaultPort : h.getPort());
      return originAuthority.equals(hostAuthority);
    } catch (IllegalArgumentException | NullPointerException e) {
      return false;
    }
  }

  /**
   * Requires a session on the API, except to log in and to ask whether one is open: a page asks
   * that once at first load and shows the login form on the answer, rather than sending its
   * requests to collect a 401 each (issue 15).
   */
  void authenticate(Context ctx) {
    if (sessions == null || !ctx.path().startsWith("/api/")) {
      return;
    }
    Optional<SessionStore.UserSession> s = sessions.get(ctx.cookie(COOKIE));
    s.ifPresent(session -> ctx.attribute(SESSION_ATTRIBUTE, session));
    boolean open = ctx.path().equals(SESSION_PATH) && (ctx.method() == HandlerType.POST || ctx.method() == HandlerType.GET);
    if (s.isEmpty() && !open) {
      throw new ApiException(401, "unauthorized", "log in first");
    }
  }

  /** The viewer of this request: everything when login is off, else the session's user. */
  Viewer viewer(Context ctx) {
    if (sessions == null) {
      return Viewer.ALL;
    }
    SessionStore.UserSession s = session(ctx);
    if (s == null) {
      throw new ApiException(401, "unauthorized", "log in first");
    }
    return s.viewer();
  }

  static SessionStore.UserSession session(Context ctx) {
    return ctx.attribute(SESSION_ATTRIBUTE);
  }
}
