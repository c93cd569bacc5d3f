package dev.vscope.config;

/**
 * The web server.
 *
 * @param bind address to listen on (default all: {@code 0.0.0.0})
 * @param port port (default 8443)
 */
public record ServerConfig(String bind, Integer port) {

  public ServerConfig {
    bind = bind == null ? "0.0.0.0" : bind;
    port = port == null ? 8443 : port;
  }

  public static ServerConfig defaults() {
    return new ServerConfig(null, null);
  }
}
