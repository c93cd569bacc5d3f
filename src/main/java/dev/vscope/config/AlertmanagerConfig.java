package dev.vscope.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Prometheus Alertmanager that receives the alerts through its API v2 ({@code POST
 * /api/v2/alerts}) and routes them as it routes its other alerts. As Prometheus does, vscope sends
 * each firing alert again every {@code resendInterval} with an end a few intervals ahead, so that
 * Alertmanager resolves it by itself should vscope stop; a resolution is sent with its end time.
 *
 * @param name the channel's name in the status page, {@code /metrics} and the log: [a-z0-9-]+
 * @param url Alertmanager's base URL ({@code http://alertmanager:9093}); vscope appends {@code /api/v2/alerts}
 * @param bearerToken sent as {@code Authorization: Bearer}, or none
 * @param caFile PEM file of CA certificates to trust besides the system's
 * @param resendInterval how often firing alerts are sent again (default 1 min, as Prometheus)
 * @param timeout connect and request timeout (default 10 s)
 */
public record AlertmanagerConfig(
    String name,
    String url,
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) String bearerToken,
    Path caFile,
    Duration resendInterval,
    Duration timeout,
    @JsonIgnore int line) implements Located {

  public AlertmanagerConfig {
    resendInterval = resendInterval == null ? Duration.ofMinutes(1) : resendInterval;
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
  }

  @Override
  public AlertmanagerConfig atLine(int at) {
    return new AlertmanagerConfig(name, url, bearerToken, caFile, resendInterval, timeout, at);
  }

  AlertmanagerConfig withCaFile(Path ca) {
    return new AlertmanagerConfig(name, url, bearerToken, ca, resendInterval, timeout, line);
  }

  @Override
  public String toString() {
    return "AlertmanagerConfig[name=" + name + ", url=" + url + ", bearerToken=" + (bearerToken == null ? "none" : "***") + "]";
  }
}
