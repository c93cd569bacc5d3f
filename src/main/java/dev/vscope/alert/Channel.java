package dev.vscope.alert;

import dev.vscope.config.Severity;
import java.time.Duration;

/**
 * Where notifications go: a mail server, a webhook, an Alertmanager. {@link #send} is called from
 * the channel's own thread ({@link Outbox}), one notification at a time.
 */
public interface Channel {

  /** Its name from the configuration, in the status page, {@code /metrics} and the log. */
  String name();

  /** {@code email}, {@code webhook} or {@code alertmanager}. */
  String type();

  /** Whether it takes alerts of this severity. */
  boolean accepts(Severity severity);

  /** How long after telling it an alert fires it is told again while the alert keeps firing. */
  Duration repeatInterval();

  /**
   * Delivers a notification, or throws.
   *
   * @throws DeliveryException when it was not delivered; its message is safe to log and show
   *     (it holds no password, token or webhook URL)
   */
  void send(Notification n) throws DeliveryException;
}
