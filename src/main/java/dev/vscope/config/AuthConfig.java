package dev.vscope.config;

import java.time.Duration;

/**
 * Logins and sessions. Users log in with their vSphere account; vscope checks it against vCenter
 * and shows each user what their vSphere permissions allow.
 *
 * @param enabled require a login (default true); false shows everything to anyone who can reach
 *     the port, for a trusted network only
 * @param idleTimeout a session ends after this long without a request (default 30 min)
 * @param absoluteTimeout a session ends this long after login, whatever happens (default 12 h)
 * @param visibilityRefresh how often a user's visible entities are read again (default 5 min)
 */
public record AuthConfig(Boolean enabled, Duration idleTimeout, Duration absoluteTimeout, Duration visibilityRefresh) {

  public AuthConfig {
    enabled = enabled == null || enabled;
    idleTimeout = idleTimeout == null ? Duration.ofMinutes(30) : idleTimeout;
    absoluteTimeout = absoluteTimeout == null ? Duration.ofHours(12) : absoluteTimeout;
    visibilityRefresh = visibilityRefresh == null ? Duration.ofMinutes(5) : visibilityRefresh;
  }

  public static AuthConfig defaults() {
    return new AuthConfig(null, null, null, null);
  }
}
