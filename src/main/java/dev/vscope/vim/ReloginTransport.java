package dev.vscope.vim;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs in again once when vCenter says the session is gone ({@code NotAuthenticated}, as after a
 * vCenter restart or an idle timeout) and repeats the call. Concurrent calls that fail together
 * cause one login, not one each: a session generation tells whether someone already logged in.
 */
public final class ReloginTransport implements SoapTransport {

  /** Logs in on the undecorated transport. */
  @FunctionalInterface
  public interface Login {
    void login();
  }

  private final SoapTransport inner;
  private final Login login;
  private final AtomicLong generation = new AtomicLong();

  public ReloginTransport(SoapTransport inner, Login login) {
    this.inner = inner;
    this.login = login;
  }

  @Override
  public String vcenter() {
    return inner.vcenter();
  }

  @Override
  public <T> T call(SoapBody body, ResponseReader<T> reader) {
    long seen = generation.get();
    try {
      return inner.call(body, reader);
    } catch (VimFaultException e) {
      if (!e.isA(VimFault.NOT_AUTHENTICATED)) {
        throw e;
      }
      relogin(seen);
      return inner.call(body, reader);
    }
  }

  /** Counts the logins since the first: changes when vCenter lost our session and we logged in again. */
  public long generation() {
    return generation.get();
  }

  private synchronized void relogin(long seen) {
    if (generation.get() == seen) {
      login.login();
      generation.incrementAndGet();
    }
  }
}
