package dev.vscope.alert;

import java.time.Instant;

/**
 * How a notification channel fares, for the status page and {@code /metrics}. Its error says why
 * the last attempt failed without any secret (see {@link DeliveryException}).
 *
 * @param waiting notifications waiting to be sent (one per group at most)
 * @param sent notifications delivered since the start
 * @param failed attempts that failed since the start
 * @param dropped notifications dropped because too many groups waited
 * @param consecutiveFailures attempts failed since the last success; 0 when the last one succeeded
 * @param nextAttempt when the next attempt is due while failing; null otherwise
 */
public record ChannelStatus(String name, String type, int waiting, long sent, long failed, long dropped, Instant lastSuccess,
    Instant lastFailure, String lastError, int consecutiveFailures, Instant nextAttempt) {

  /** Whether the last attempt failed. */
  public boolean failing() {
    return consecutiveFailures > 0;
  }
}
