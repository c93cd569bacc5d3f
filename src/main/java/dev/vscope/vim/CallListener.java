package dev.vscope.vim;

/**
 * Told about every vim25 call a transport makes: for metrics of vCenter API use, and for the
 * benchmark that replays a cycle's requests to measure vCenter's own share of the time.
 * Implementations must be thread-safe and fast; they run on the calling thread.
 */
@FunctionalInterface
public interface CallListener {

  CallListener NONE = (method, body, nanos, failure) -> {};

  /**
   * @param method the vim25 method
   * @param requestBody the request element sent (no session cookie; a Login body holds a password,
   *     so listeners must never log bodies)
   * @param nanos time from sending to the end of parsing the answer
   * @param failure the error, or null when the call succeeded
   */
  void called(String method, String requestBody, long nanos, VimException failure);
}
