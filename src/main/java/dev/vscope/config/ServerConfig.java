package dev.vscope.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The web server. HTTPS by default: with no certificate configured, vscope makes a self-signed one
 * at first start and keeps it in the data directory.
 *
 * @param bind address to listen on (default all: {@code 0.0.0.0})
 * @param port port (default 8443)
 * @param certificate PEM certificate chain, with {@code key}; or a PKCS#12 file with {@code keystorePassword}
 * @param key PEM private key of {@code certificate}
 * @param keystorePassword password of a PKCS#12 {@code certificate}
 * @param plainHttp serve plain HTTP: only behind a TLS-terminating proxy
 * @param trustedProxies addresses and ranges of reverse proxies whose {@code X-Forwarded-For} names
 *     the client ({@link AddressPatterns}); none by default
 */
public record ServerConfig(String bind, Integer port, Path certificate, Path key, String keystorePassword, boolean plainHttp,
    List<String> trustedProxies) {

  public ServerConfig {
    bind = bind == null ? "0.0.0.0" : bind;
    port = port == null ? 8443 : port;
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
  }

  public static ServerConfig defaults() {
    return new ServerConfig(null, null, null, null, null, false, null);
  }

  @Override
  public String toString() {
    return "ServerConfig[bind=" + bind + ", port=" + port + ", certificate=" + certificate + ", plainHttp=" + plainHttp + ", trustedProxies=" + trustedProxies + "]";
  }
}
