package dev.vscope.store.prom;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Where and how {@link PrometheusHistoryStore} talks to a Prometheus-compatible engine.
 *
 * @param writeUrl the remote-write endpoint, for example {@code
 *     http://prometheus:9090/api/v1/write} (Prometheus started with {@code
 *     --web.enable-remote-write-receiver}) or VictoriaMetrics' {@code http://vm:8428/api/v1/write}
 * @param readUrl the base of the PromQL HTTP API, for example {@code http://prometheus:9090}: the
 *     store appends {@code /api/v1/query_range} and the like to it
 * @param bearerToken sent as {@code Authorization: Bearer ...} on reads and writes; null for none
 * @param username with {@code password}, sent as HTTP basic authentication; null for none
 * @param password the basic-authentication password
 * @param bufferPath the directory of the on-disk buffer of samples not yet accepted by the engine
 *     (default {@code data/prometheus-buffer})
 * @param timeout connect and request timeout of every HTTP call (default 10 s)
 */
public record PrometheusStoreConfig(
    URI writeUrl,
    URI readUrl,
    String bearerToken,
    String username,
    String password,
    Path bufferPath,
    Duration timeout) {

  public static final Path DEFAULT_BUFFER_PATH = Path.of("data", "prometheus-buffer");
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public PrometheusStoreConfig {
    requireHttp("writeUrl", writeUrl);
    requireHttp("readUrl", readUrl);
    bearerToken = blankToNull(bearerToken);
    username = blankToNull(username);
    if (bearerToken != null && (username != null || password != null)) {
      throw new IllegalArgumentException(
          "storage.prometheus: give either bearerToken or username/password, not both");
    }
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException(
          "storage.prometheus: username and password go together");
    }
    bufferPath = bufferPath == null ? DEFAULT_BUFFER_PATH : bufferPath;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("storage.prometheus.timeout must be positive");
    }
  }

  /** The value of the {@code Authorization} header for both reads and writes, if any. */
  public Optional<String> authorization() {
    if (bearerToken != null) {
      return Optional.of("Bearer " + bearerToken);
    }
    if (username != null) {
      String pair = username + ":" + password;
      return Optional.of(
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    return Optional.empty();
  }

  /** Never prints the token or the password (the record's default would). */
  @Override
  public String toString() {
    return "PrometheusStoreConfig[writeUrl="
        + writeUrl
        + ", readUrl="
        + readUrl
        + ", auth="
        + (bearerToken != null ? "bearer" : username != null ? "basic(" + username + ")" : "none")
        + ", bufferPath="
        + bufferPath
        + ", timeout="
        + timeout
        + "]";
  }

  private static void requireHttp(String name, URI uri) {
    if (uri == null) {
      throw new IllegalArgumentException("storage.prometheus." + name + " is required");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "storage.prometheus." + name + " must be an http:// or https:// URL: " + uri);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
