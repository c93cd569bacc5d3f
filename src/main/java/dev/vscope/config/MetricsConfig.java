package dev.vscope.config;

import java.nio.file.Path;

/**
 * The Prometheus endpoint {@code /metrics}. Scrapers cannot log in to vCenter, so the endpoint
 * takes a bearer token instead; with no token configured it is off.
 *
 * @param token the bearer token scrapers send
 * @param tokenFile or a file holding it
 */
public record MetricsConfig(String token, Path tokenFile) {

  public static MetricsConfig defaults() {
    return new MetricsConfig(null, null);
  }

  public boolean enabled() {
    return token != null;
  }

  @Override
  public String toString() {
    return "MetricsConfig[enabled=" + enabled() + "]";
  }
}
