package dev.vscope.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One vCenter to collect from. The password is read once from the file or the config and kept in
 * memory only (the collector needs it to log in again after a vCenter restart); {@link
 * #toString()} never shows it.
 *
 * @param name vscope's name for this vCenter, the prefix of entity ids: {@code [a-z0-9-]+}
 * @param thumbprint SHA-256 of the vCenter's certificate, to trust exactly that certificate
 * @param caFile PEM file of CA certificates to trust besides the system's
 * @param insecure accept any certificate (warned about at every start)
 */
public record VcenterConfig(
    String name,
    String url,
    String username,
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) String password,
    Path passwordFile,
    String thumbprint,
    Path caFile,
    boolean insecure,
    Duration requestTimeout) {

  public VcenterConfig {
    if (requestTimeout == null) {
      requestTimeout = Duration.ofSeconds(60);
    }
  }

  /** A vCenter whose certificate is pinned by its SHA-256 thumbprint, with the default request timeout. */
  public static VcenterConfig pinned(String name, String url, String username, String password, String thumbprint) {
    return new VcenterConfig(name, url, username, password, null, thumbprint, null, false, null);
  }

  VcenterConfig withPassword(String pw) {
    return new VcenterConfig(name, url, username, pw, passwordFile, thumbprint, caFile, insecure, requestTimeout);
  }

  VcenterConfig withCaFile(Path file) {
    return new VcenterConfig(name, url, username, password, passwordFile, thumbprint, file, insecure, requestTimeout);
  }

  public VcenterConfig withRequestTimeout(Duration timeout) {
    return new VcenterConfig(name, url, username, password, passwordFile, thumbprint, caFile, insecure, timeout);
  }

  @Override
  public String toString() {
    return "VcenterConfig[name=" + name + ", url=" + url + ", username=" + username + ", password=***]";
  }
}
