package dev.vscope.web;

import dev.vscope.config.AuthConfig;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logged-in users, in memory only (a restart logs everyone out; nothing about a user touches
 * the disk). Session ids are 256 random bits. A session ends after its idle timeout, its absolute
 * timeout, or a logout; ending it logs the user's vCenter sessions out.
 */
public final class SessionStore {

  private static final Logger logger = LoggerFactory.getLogger(SessionStore.class);
  private static final Logger audit = LoggerFactory.getLogger("audit");

  private final Clock clock;
  private final AuthConfig config;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, UserSession> sessions = new ConcurrentHashMap<>();

  public SessionStore(Clock clock, AuthConfig config) {
    this.clock = clock;
    this.config = config;
  }

  /** One logged-in user. {@code lastSeen} and {@code visibleAt} change; the rest is fixed. */
  public static final class UserSession {
    final String id;
    final String username;
    final String address;
    final Instant created;
    final Authenticator.UserLogin login;
    volatile Instant lastSeen;
    volatile Instant visibleAt;

    UserSession(String id, String username, String address, Instant now, Authenticator.UserLogin login) {
      this.id = id;
      this.username = username;
      this.address = address;
      this.created = now;
      this.login = login;
      this.lastSeen = now;
      this.visibleAt = now;
    }

    public String username() {
      return username;
    }

    /** What this user may see. */
    public Viewer viewer() {
      return Viewer.of(login.visible());
    }

    public Instant expiresAt(AuthConfig c) {
      Instant idle = lastSeen.plus(c.idleTimeout());
      Instant absolute = created.plus(c.absoluteTimeout());
      return idle.isBefore(absolute) ? idle : absolute;
    }
  }

  public UserSession create(String username, String address, Authenticator.UserLogin login) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    UserSession s = new UserSession(id, username, address, clock.instant(), login);
    sessions.put(id, s);
    return s;
  }

  /** The live session with this id, touched; empty when unknown or expired (which ends it). */
  public Optional<UserSession> get(String id) {
    if (id == null) {
      return Optional.empty();
    }
    UserSession s = sessions.get(id);
    if (s == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (!now.isBefore(s.expiresAt(config))) {
      end(s, "expired");
      return Optional.empty();
    }
    s.lastSeen = now;
    return Optional.of(s);
  }

  public void logout(UserSession s) {
    end(s, "logout");
  }

  private void end(UserSession s, String why) {
    if (sessions.remove(s.id, s)) {
      audit.info("session end user={} address={} reason={}", s.username, s.address, why);
      try {
        s.login.close();
      } catch (RuntimeException e) {
        logger.debug("logout from vCenter failed for {}: {}", s.username, e.getMessage());
      }
    }
  }

  /** Ends expired sessions and refreshes the visible entities of those due; run periodically. */
  public void maintain() {
    Instant now = clock.instant();
    for (UserSession s : sessions.values()) {
      if (!now.isBefore(s.expiresAt(config))) {
        end(s, "expired");
      } else if (!now.isBefore(s.visibleAt.plus(config.visibilityRefresh()))) {
        try {
          s.login.refresh();
          s.visibleAt = now;
        } catch (RuntimeException e) {
          logger.warn("refreshing what {} may see failed: {}", s.username, e.getMessage());
        }
      }
    }
  }

  public int size() {
    return sessions.size();
  }

  /** Ends every session (at shutdown), logging users out of vCenter. */
  public void closeAll() {
    sessions.values().forEach(s -> end(s, "shutdown"));
  }
}
