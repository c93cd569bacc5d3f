package dev.vscope.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A channel that mails notifications over SMTP. The password is read once from the file or the
 * configuration and kept in memory only; {@link #toString()} never shows it.
 *
 * @param name the channel's name in the status page, {@code /metrics} and the log: [a-z0-9-]+
 * @param host the SMTP server
 * @param port its port (default 587, submission)
 * @param security starttls (default: the connection must switch to TLS before anything is sent),
 *     tls (TLS from the start, port 465) or none (a relay on a trusted network only)
 * @param username the account to authenticate with; none, no authentication
 * @param from the sender address
 * @param to the recipients
 * @param caFile PEM file of CA certificates to trust besides the system's (an internal relay)
 * @param minSeverity the least severity mailed (default warning: every alert)
 * @param timeout connect, read and write timeout of the SMTP conversation (default 30 s)
 * @param line where the channel starts in the file
 */
public record EmailConfig(
    String name,
    String host,
    Integer port,
    Security security,
    String username,
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) String password,
    Path passwordFile,
    String from,
    List<String> to,
    Path caFile,
    Severity minSeverity,
    Duration timeout,
    @JsonIgnore int line) implements Located {

  /** How the SMTP connection is protected. */
  public enum Security {
    STARTTLS,
    TLS,
    NONE;

    @JsonCreator
    public static Security of(String name) {
      return switch (name == null ? "" : name) {
        case "starttls" -> STARTTLS;
        case "tls" -> TLS;
        case "none" -> NONE;
        default -> throw new IllegalArgumentException("must be starttls, tls or none, not " + name);
      };
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public EmailConfig {
    port = port == null ? 587 : port;
    security = security == null ? Security.STARTTLS : security;
    to = to == null ? List.of() : List.copyOf(to);
    minSeverity = minSeverity == null ? Severity.WARNING : minSeverity;
    timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
  }

  @Override
  public EmailConfig atLine(int at) {
    return new EmailConfig(name, host, port, security, username, password, passwordFile, from, to, caFile, minSeverity, timeout, at);
  }

  EmailConfig resolved(String pw, Path ca) {
    return new EmailConfig(name, host, port, security, username, pw, passwordFile, from, to, ca, minSeverity, timeout, line);
  }

  @Override
  public String toString() {
    return "EmailConfig[name=" + name + ", host=" + host + ", port=" + port + ", security=" + security + ", username=" + username
        + ", password=***, to=" + to + "]";
  }
}
