package dev.vscope.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.vscope.LogText;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/session}: log in with a vSphere account (POST), see who you are (GET), log out
 * (DELETE). The password goes to vCenter and nowhere else: it is not stored, logged or returned.
 */
public final class SessionRoutes implements RouteGroup {

  private static final Logger audit = LoggerFactory.getLogger("audit");
  private static final int MAX_FIELD = 256;

  private final Access access;
  private final Authenticator authenticator;
  private final LoginThrottle throttle;
  private final boolean secureCookie;
  private final ClientAddress clientAddress;

  public SessionRoutes(Access access, Authenticator authenticator, LoginThrottle throttle, boolean secureCookie, ClientAddress clientAddress) {
    this.access = access;
    this.authenticator = authenticator;
    this.throttle = throttle;
    this.secureCookie = secureCookie;
    this.clientAddress = clientAddress;
  }

  @JsonIgnoreProperties(ignoreUnknown = false)
  record Credentials(String username, String password) {}

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/api/v1/session", this::login);
    routes.get("/api/v1/session", this::whoami);
    routes.delete("/api/v1/session", this::logout);
  }

  private void login(Context ctx) {
    if (!access.loginRequired()) {
      throw new ApiException(404, "not_found", "login is turned off on this server");
    }
    Credentials c;
    try {
      c = ctx.bodyAsClass(Credentials.class);
    } catch (Exception e) { // Jackson's parse errors arrive undeclared through Kotlin
      if (e instanceof ApiException || e instanceof io.javalin.http.HttpResponseException) {
        throw (RuntimeException) e;
      }
      throw ApiException.badRequest("expected a JSON body {\"username\": ..., \"password\": ...}");
    }
    if (c == null || c.username() == null || c.password() == null || c.username().isBlank()
        || c.username().length() > MAX_FIELD || c.password().length() > MAX_FIELD) {
      throw ApiException.badRequest("username and password are required (at most " + MAX_FIELD + " characters)");
    }
    String user = c.username().strip();
    String address = clientAddress.of(ctx);
    LoginThrottle.Attempt attempt;
    try {
      attempt = throttle.begin(user, address);
    } catch (LoginThrottle.ThrottledException e) {
      audit.info("login throttled user={} address={}", LogText.of(user), address);
      ctx.header("Retry-After", String.valueOf(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
      throw new ApiException(429, "too_many_attempts", "too many failed logins; try again later");
    }
    Authenticator.UserLogin login;
    try {
      login = authenticator.login(user, c.password());
      attempt.succeeded();
    } catch (Authenticator.LoginRefusedException e) {
      attempt.failed();
      audit.info("login failed user={} address={}", LogText.of(user), address);
      throw new ApiException(401, "login_failed", e.getMessage());
    } finally {
      // not closed by try-with-resources, which would close it before the catch counts the failure
      attempt.close();
    }
    SessionStore.UserSession s = access.sessions().create(user, address, login);
    audit.info("login user={} address={} visible={}", LogText.of(user), address, login.visible().size());
    ctx.cookie(cookie(s.id, -1));
    ctx.json(Map.of("username", user));
  }

  /** Who is logged in; {@code authenticated: false} (a 200, not a 401) when nobody is yet. */
  private void whoami(Context ctx) {
    Params.only(ctx);
    SessionStore.UserSession s = Access.session(ctx);
    if (!access.loginRequired()) {
      ctx.json(Map.of("authenticated", true, "loginRequired", false));
    } else if (s == null) {
      ctx.json(Map.of("authenticated", false, "loginRequired", true));
    } else {
      ctx.json(Map.of("authenticated", true, "username", s.username(), "loginRequired", true));
    }
  }

  private void logout(Context ctx) {
    SessionStore.UserSession s = Access.session(ctx);
    if (s != null) {
      access.sessions().logout(s);
    }
    ctx.cookie(cookie("", 0));
    ctx.status(204);
  }

  private Cookie cookie(String value, int maxAge) {
    Cookie cookie = new Cookie(Access.COOKIE, value);
    cookie.setPath("/");
    cookie.setHttpOnly(true);
    cookie.setSecure(secureCookie);
    cookie.setSameSite(SameSite.STRICT);
    cookie.setMaxAge(maxAge);
    return cookie;
  }
}
