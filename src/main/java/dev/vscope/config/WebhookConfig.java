package dev.vscope.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A channel that POSTs each notification as JSON to a URL: a Slack or Microsoft Teams incoming
 * webhook, or any receiver (the body is documented in docs/operations.md). The URL of an incoming
 * webhook is its secret: it is never logged or shown, nor is the token.
 *
 * @param name the channel's name in the status page, {@code /metrics} and the log: [a-z0-9-]+
 * @param url http:// or https://
 * @param bearerToken sent as {@code Authorization: Bearer}, or none
 * @param caFile PEM file of CA certificates to trust besides the system's
 * @param minSeverity the least severity sent (default warning: every alert)
 * @param timeout connect and request timeout (default 10 s)
 */
public record WebhookConfig(
    String name,
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) String url,
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) String bearerToken,
    Path caFile,
    Severity minSeverity,
    Duration timeout,
    @JsonIgnore int line) implements Located {

  public WebhookConfig {
    minSeverity = minSeverity == null ? Severity.WARNING : minSeverity;
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
  }

  @Override
  public WebhookConfig atLine(int at) {
    return new WebhookConfig(name, url, bearerToken, caFile, minSeverity, timeout, at);
  }

  WebhookConfig withCaFile(Path ca) {
    return new WebhookConfig(name, url, bearerToken, ca, minSeverity, timeout, line);
  }

  @Override
  public String toString() {
    return "WebhookConfig[name=" + name + ", url=***, minSeverity=" + minSeverity + "]";
  }
}
