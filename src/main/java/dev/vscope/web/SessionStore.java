package dev.vscope.web;

import dev.vscope.LogText;
import dev.vscope.config.AuthConfig;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logged-in users, in memory only (a restart logs everyone out; nothing about a user touches
 * the disk). Session ids are 256 random bits. A session ends after its idle timeout, its absolute
 * timeout, or a logout; ending it logs the user's vCenter sessions out.
 *
 * <p>Sessions are bounded (issue 16: 2,000 logins of one user used to all stay valid): a user
 * holds at most {@code Limits.perUser} sessions, a new login ending that user's oldest; and the
 * server at most {@code Limits.total}, past which logins are refused until sessions end. A session
 * also ends when vCenter refuses the user's credentials at a visibility refresh, or when the
 * user's vCenters could not be asked for longer than three refresh intervals.
 */
public final class SessionStore {

  private static final Logger logger = LoggerFactory.getLogger(SessionStore.class);
  private static final Logger audit = LoggerFactory.getLogger("audit");

  /** How many refresh intervals a session may go on with a visible set vCenter could not confirm. */
  static final int UNCONFIRMED_REFRESHES = 3;

  /** At most {@code perUser} sessions per user name, {@code total} in all. */
  public record Limits(int perUser, int total) {

    /** 10 per user, 2,000 in all. */
    public static Limits defaults() {
      return new Limits(10, 2_000);
    }
  }

  private final Clock clock;
  private final AuthConfig config;
  private final Limits limits;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, UserSession> sessions = new ConcurrentHashMap<>();
  private long created; // guarded by this

  public SessionStore(Clock clock, AuthConfig config, Limits limits) {
    this.clock = clock;
    this.config = config;
    this.limits = limits;
  }

  /** One logged-in user. {@code lastSeen} and {@code visibleAt} change; the rest is fixed. */
  public static final class UserSession {
    final String id;
    final String username;
    final String address;
    final Instant created;
    /** Order of creation: logins within one clock tick still have an oldest. */
    final long sequence;
    final Authenticator.UserLogin login;
    volatile Instant lastSeen;
    volatile Instant visibleAt;
    /** When every vCenter last answered a refresh. */
    volatile Instant confirmedAt;

    UserSession(String id, String username, String address, Instant now, long sequence, Authenticator.UserLogin login) {
      this.id = id;
      this.username = username;
      this.address = address;
      this.created = now;
      this.sequence = sequence;
      this.login = login;
      this.lastSeen = now;
      this.visibleAt = now;
      this.confirmedAt = now;
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

  /**
   * Opens a session for a login vCenter accepted. Ends the user's oldest sessions past {@code
   * perUser}; refuses (503) when the server holds {@code total} sessions, closing {@code login}.
   */
  public synchronized UserSession create(String username, String address, Authenticator.UserLogin login) {
    if (sessions.size() >= limits.total()) {
      endExpired(clock.instant());
    }
    if (sessions.size() >= limits.total()) {
      audit.info("login refused user={} address={} reason=too_many_sessions", LogText.of(username), address);
      login.close();
      throw new ApiException(503, "too_many_sessions", "the server holds too many sessions; try again later");
    }
    String user = username.toLowerCase(Locale.ROOT);
    List<UserSession> mine = sessions.values().stream()
        .filter(s -> s.username.toLowerCase(Locale.ROOT).equals(user))
        .sorted(Comparator.comparingLong((UserSession s) -> s.sequence))
        .toList();
    for (int i = 0; i <= mine.size() - limits.perUser(); i++) {
      end(mine.get(i), "too_many_sessions");
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    UserSession s = new UserSession(id, username, address, clock.instant(), ++created, login);
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
      audit.info("session end user={} address={} reason={}", LogText.of(s.username), s.address, why);
      try {
        s.login.close();
      } catch (RuntimeException e) {
        logger.debug("logout from vCenter failed for {}: {}", LogText.of(s.username), LogText.of(e.getMessage()));
      }
    }
  }

  /** Ends expired sessions and refreshes the visible entities of those due; run periodically. */
  public void maintain() {
    Instant now = endExpired(clock.instant());
    Duration unconfirmed = config.visibilityRefresh().multipliedBy(UNCONFIRMED_REFRESHES);
    for (UserSession s : sessions.values()) {
      if (now.isBefore(s.visibleAt.plus(config.visibilityRefresh()))) {
        continue;
      }
      try {
        if (s.login.refresh()) {
          s.confirmedAt = now;
        } else if (now.isAfter(s.confirmedAt.plus(unconfirmed))) {
          // what vCenter lets the user see can no longer be checked: stop showing it
          end(s, "vcenter_unreachable");
        }
        s.visibleAt = now;
      } catch (Authenticator.LoginRefusedException e) {
        end(s, "vcenter_refused");
      } catch (RuntimeException e) {
        logger.warn("refreshing what {} may see failed: {}", LogText.of(s.username), LogText.of(e.getMessage()));
      }
    }
  }

  private Instant endExpired(Instant now) {
    for (UserSession s : sessions.values()) {
      if (!now.isBefore(s.expiresAt(config))) {
        end(s, "expired");
      }
    }
    return now;
  }

  public int size() {
    return sessions.size();
  }

  /** Ends every session (at shutdown), logging users out of vCenter. */
  public void closeAll() {
    sessions.values().forEach(s -> end(s, "shutdown"));
  }
}
