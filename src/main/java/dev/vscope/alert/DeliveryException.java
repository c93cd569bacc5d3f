package dev.vscope.alert;

/**
 * A notification that was not delivered. Its message says why without any secret (no password, no
 * token, no webhook URL, which is a secret of its own), so that the log and the status page can
 * show it as it is. It has no stack trace: it is expected, and retried.
 */
public final class DeliveryException extends Exception {

  public DeliveryException(String message) {
    super(message, null, false, false);
  }
}
