package dev.vscope.vim;

/**
 * Sends one vim25 call and reads its answer. Implementations are thread-safe. Cross-cutting
 * behaviour (re-login, retry) is added by decorators around the HTTP transport, as in govmomi's
 * {@code vim25/soap} round-trippers.
 */
public interface SoapTransport {

  <T> T call(SoapBody body, ResponseReader<T> reader);

  /** The configured name of the vCenter, for messages. */
  String vcenter();
}
