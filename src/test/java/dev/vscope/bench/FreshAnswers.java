package dev.vscope.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Times API answers that no cache holds: request {@code i} fills {@code %d} of the path with a
 * value of its own (Top-N's {@code limit}, the clusters' {@code target}), which the server's cache
 * keys on, so each answer is computed as the first request after a collection cycle is.
 */
final class FreshAnswers {

  static final int COUNT = 9;

  private FreshAnswers() {}

  /** Milliseconds of {@link #COUNT} requests, {@code %d} taking {@code first}, {@code first + 1}, … */
  static double[] times(HttpClient http, String base, String pathFormat, int first) throws IOException, InterruptedException {
    double[] ms = new double[COUNT];
    for (int i = 0; i < COUNT; i++) {
      URI uri = URI.create(base + String.format(Locale.ROOT, pathFormat, first + i));
      long t0 = System.nanoTime();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      ms[i] = (System.nanoTime() - t0) / 1e6;
      if (r.statusCode() != 200) {
        throw new IOException("GET " + uri + " answered " + r.statusCode() + ": " + r.body());
      }
    }
    return ms;
  }
}
