package dev.vscope.vim;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Where and how to reach one vCenter.
 *
 * @param name vscope's name for it, the prefix of its entity ids
 * @param url the SDK URL, {@code https://vcenter.example.com/sdk}
 * @param tls how its certificate is trusted, see {@link VcenterTls}
 * @param http the HTTP client for it, made once with {@code tls} and shared by every session with
 *     this endpoint: each client holds a selector thread and a connection pool, which thousands of
 *     users' sessions must not each hold (issue 16). It keeps no cookies: each transport keeps its
 *     own vCenter session.
 * @param requestTimeout longest wait for one answer
 * @param maxResponseBytes largest answer accepted
 * @param attempts tries per call on network errors
 * @param listener told about every call
 */
public record VimEndpoint(
    String name,
    URI url,
    SSLContext tls,
    HttpClient http,
    Duration requestTimeout,
    long maxResponseBytes,
    int attempts,
    CallListener listener) {

  public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L * 1024 * 1024;

  public static VimEndpoint of(String name, URI url, SSLContext tls) {
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(tls)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new VimEndpoint(name, url, tls, http, Duration.ofSeconds(60), DEFAULT_MAX_RESPONSE_BYTES, 3, CallListener.NONE);
  }

  public VimEndpoint withRequestTimeout(Duration timeout) {
    return new VimEndpoint(name, url, tls, http, timeout, maxResponseBytes, attempts, listener);
  }

  public VimEndpoint withAttempts(int n) {
    return new VimEndpoint(name, url, tls, http, requestTimeout, maxResponseBytes, n, listener);
  }

  public VimEndpoint withMaxResponseBytes(long bytes) {
    return new VimEndpoint(name, url, tls, http, requestTimeout, bytes, attempts, listener);
  }

  public VimEndpoint withListener(CallListener l) {
    return new VimEndpoint(name, url, tls, http, requestTimeout, maxResponseBytes, attempts, l);
  }
}
