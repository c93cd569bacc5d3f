package dev.vscope.store.prom;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends one remote-write request (protobuf, snappy-compressed, HTTP POST) and says what became of
 * it. Knows nothing of buffers or retries: {@link RemoteWriteSender} decides from the {@link
 * Outcome}.
 */
final class RemoteWriteClient {

  /** What became of a request. */
  sealed interface Outcome {
    /** The engine stored the samples (any 2xx). */
    record Delivered() implements Outcome {}

    /**
     * Not delivered, worth trying again unchanged: the engine could not be reached, was
     * overloaded (429, 5xx), or the endpoint is wrong or refuses our credentials (3xx, 401, 403,
     * 404, 407): those are configuration problems to fix, not bad data, and dropping the buffer
     * because of them would lose everything collected meanwhile.
     */
    record Retry(String reason) implements Outcome {}

    /** The engine refused this data (any other 4xx, such as 400 for an out-of-order sample). */
    record Rejected(int status, String reason) implements Outcome {}
  }

  /** Longest part of an error response kept for the log. */
  private static final int MAX_REASON = 512;

  private final HttpClient http;
  private final URI url;
  private final Optional<String> authorization;
  private final Duration timeout;

  RemoteWriteClient(HttpClient http, URI url, Optional<String> authorization, Duration timeout) {
    this.http = http;
    this.url = url;
    this.authorization = authorization;
    this.timeout = timeout;
  }

  URI url() {
    return url;
  }

  /** Posts an encoded {@code WriteRequest}. */
  Outcome send(byte[] writeRequest) throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Encoding", "snappy")
            .header("Content-Type", "application/x-protobuf")
            .header("X-Prometheus-Remote-Write-Version", "0.1.0")
            .header("User-Agent", "vscope")
            .POST(HttpRequest.BodyPublishers.ofByteArray(SnappyBlock.compress(writeRequest)));
    authorization.ifPresent(value -> request.header("Authorization", value));
    HttpResponse<InputStream> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      return new Outcome.Retry(e.toString());
    }
    int status = response.statusCode();
    String body = readReason(response.body());
    if (status >= 200 && status < 300) {
      return new Outcome.Delivered();
    }
    String reason = "HTTP " + status + (body.isEmpty() ? "" : ": " + body);
    if (status >= 300 && status < 400) {
      return new Outcome.Retry(
          reason + " (redirected to " + response.headers().firstValue("Location").orElse("?") + "; fix the write URL)");
    }
    if (status == 429 || status >= 500 || status == 408) {
      return new Outcome.Retry(reason);
    }
    if (status == 401 || status == 403 || status == 407) {
      return new Outcome.Retry(reason + " (check the credentials)");
    }
    if (status == 404) {
      return new Outcome.Retry(
          reason + " (wrong write URL, or Prometheus without --web.enable-remote-write-receiver?)");
    }
    return new Outcome.Rejected(status, reason);
  }

  /** The start of a response body, on one line, for the log. */
  private static String readReason(InputStream body) {
    try (InputStream in = body) {
      byte[] bytes = in.readNBytes(MAX_REASON);
      return new String(bytes, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
    } catch (IOException e) {
      return "";
    }
  }
}
