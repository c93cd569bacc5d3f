package dev.vscope.vim;

import dev.vscope.LogText;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries calls that failed on the network ({@link VimUnreachableException}) a bounded number of
 * times with doubling pauses. Faults and malformed answers are not retried: the same request would
 * get the same answer. vscope only sends reads (and Login), so a repeated call is harmless.
 */
public final class RetryingTransport implements SoapTransport {

  private static final Logger logger = LoggerFactory.getLogger(RetryingTransport.class);

  private final SoapTransport inner;
  private final int attempts;
  private final Duration firstPause;

  public RetryingTransport(SoapTransport inner, int attempts, Duration firstPause) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
    this.inner = inner;
    this.attempts = attempts;
    this.firstPause = firstPause;
  }

  @Override
  public String vcenter() {
    return inner.vcenter();
  }

  @Override
  public <T> T call(SoapBody body, ResponseReader<T> reader) {
    long pause = firstPause.toMillis();
    for (int attempt = 1; ; attempt++) {
      try {
        return inner.call(body, reader);
      } catch (VimUnreachableException e) {
        if (attempt >= attempts || Thread.currentThread().isInterrupted()) {
          throw e; // out of attempts, or stopping (the call was interrupted): no retry
        }
        logger.info("{} (attempt {} of {}, retrying in {} ms)", LogText.of(e.getMessage()), attempt, attempts, pause);
        try {
          Thread.sleep(pause);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
        pause *= 2;
      }
    }
  }
}
