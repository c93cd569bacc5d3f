package dev.vscope.config;

/** The configuration is missing, unreadable or wrong; the message says where and what. */
public class ConfigException extends RuntimeException {

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
