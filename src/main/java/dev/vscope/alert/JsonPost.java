package dev.vscope.alert;

import dev.vscope.vim.VcenterTls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A JSON POST to a webhook or an Alertmanager, with what both need: a timeout, an optional bearer
 * token, an optional CA file (besides the system's trust; verification is never off). Its errors
 * never name the URL, which for an incoming webhook is a secret, nor the token.
 */
final class JsonPost {

  private final URI url;
  private final String bearerToken;
  private final Duration timeout;
  private final HttpClient http;

  JsonPost(URI url, String bearerToken, Path caFile, Duration timeout) {
    this.url = url;
    this.bearerToken = bearerToken;
    this.timeout = timeout;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
    if (caFile != null) {
      b.sslContext(VcenterTls.context(null, caFile, false));
    }
    this.http = b.build();
  }

  /**
   * Posts the body; any 2xx is success.
   *
   * @throws DeliveryException for any other status or a network failure, saying which without the URL
   */
  void post(byte[] json) throws DeliveryException {
    HttpRequest.Builder r = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
        .header("User-Agent", "vscope").POST(HttpRequest.BodyPublishers.ofByteArray(json));
    if (bearerToken != null) {
      r.header("Authorization", "Bearer " + bearerToken);
    }
    HttpResponse<String> res;
    try {
      res = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new DeliveryException("no answer within " + timeout.toSeconds() + " s");
    } catch (IOException e) {
      throw new DeliveryException("cannot reach the receiver: " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted");
    }
    if (res.statusCode() / 100 != 2) {
      String body = res.body() == null ? "" : res.body().strip();
      throw new DeliveryException("the receiver answered HTTP " + res.statusCode() + (body.isEmpty() ? "" : ": " + shorten(body)));
    }
  }

  /** The exception's type and message, and its cause's: "ConnectException" says more than the JDK's empty message. */
  private String describe(Throwable e) {
    StringBuilder s = new StringBuilder(e.getClass().getSimpleName());
    if (e.getMessage() != null && !e.getMessage().isBlank()) {
      s.append(": ").append(scrub(e.getMessage()));
    }
    if (e.getCause() != null && e.getCause() != e) {
      s.append(" (").append(e.getCause().getClass().getSimpleName());
      if (e.getCause().getMessage() != null) {
        s.append(": ").append(scrub(e.getCause().getMessage()));
      }
      s.append(')');
    }
    return s.toString();
  }

  /** A message with the URL (and its path, which holds a webhook's secret) taken out, should a library name it. */
  private String scrub(String message) {
    String out = message.replace(url.toString(), "<url>");
    if (url.getRawPath() != null && url.getRawPath().length() > 1) {
      out = out.replace(url.getRawPath(), "<path>");
    }
    if (bearerToken != null) {
      out = out.replace(bearerToken, "***");
    }
    return out;
  }

  private String shorten(String body) {
    String one = scrub(body).replaceAll("\\s+", " ");
    return one.length() > 200 ? one.substring(0, 200) + "…" : one;
  }
}
