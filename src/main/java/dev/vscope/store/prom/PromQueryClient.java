package dev.vscope.store.prom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few calls of the Prometheus HTTP API the store reads with ({@code /api/v1/query_range},
 * {@code /api/v1/query}, {@code /api/v1/series}, {@code /api/v1/label/<name>/values}), as GET
 * requests, answers parsed from their JSON. VictoriaMetrics and other engines speaking this API
 * answer the same. Every failure is a {@link RemoteStoreException}.
 */
final class PromQueryClient {

  /** A series of a range query: its labels and its (epoch second, value) points. */
  record RangeSeries(Map<String, String> labels, List<Point> points) {}

  /** A sample of an instant query: its labels and value. */
  record InstantSample(Map<String, String> labels, double value) {}

  /** A point of a range query. */
  record Point(long epochSecond, double value) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ERROR = 512;

  private final HttpClient http;
  private final String base;
  private final Optional<String> authorization;
  private final Duration timeout;

  PromQueryClient(HttpClient http, URI readUrl, Optional<String> authorization, Duration timeout) {
    this.http = http;
    String s = readUrl.toString();
    this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    this.authorization = authorization;
    this.timeout = timeout;
  }

  /** {@code query_range} evaluated at {@code start}, {@code start + step}, ... up to {@code end}. */
  List<RangeSeries> queryRange(String query, long start, long end, long step) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("query", query);
    params.put("start", Long.toString(start));
    params.put("end", Long.toString(end));
    params.put("step", Long.toString(step));
    // VictoriaMetrics caches range results and does not notice samples that arrive later for
    // times it already answered, which is what the buffer delivers after an outage or a backlog;
    // Prometheus ignores the parameter.
    params.put("nocache", "1");
    JsonNode data = get("/api/v1/query_range", params);
    requireType(data, "matrix", "/api/v1/query_range");
    List<RangeSeries> out = new ArrayList<>();
    for (JsonNode series : data.path("result")) {
      List<Point> points = new ArrayList<>();
      for (JsonNode pair : series.path("values")) {
        points.add(new Point(Math.round(pair.path(0).asDouble()), value(pair.path(1))));
      }
      out.add(new RangeSeries(labels(series.path("metric")), points));
    }
    return out;
  }

  /** An instant query evaluated at {@code time}. */
  List<InstantSample> query(String query, long time) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("query", query);
    params.put("time", Long.toString(time));
    JsonNode data = get("/api/v1/query", params);
    requireType(data, "vector", "/api/v1/query");
    List<InstantSample> out = new ArrayList<>();
    for (JsonNode sample : data.path("result")) {
      out.add(new InstantSample(labels(sample.path("metric")), value(sample.path("value").path(1))));
    }
    return out;
  }

  /** The values of a label among the series matching {@code match} between two times. */
  List<String> labelValues(String label, String match, long start, long end) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("match[]", match);
    params.put("start", Long.toString(start));
    params.put("end", Long.toString(end));
    JsonNode data = get("/api/v1/label/" + label + "/values", params);
    List<String> out = new ArrayList<>();
    for (JsonNode v : data) {
      out.add(v.asText());
    }
    return out;
  }

  /** Whether any series matching {@code match} has samples between two times. */
  boolean seriesExists(String match, long start, long end) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("match[]", match);
    params.put("start", Long.toString(start));
    params.put("end", Long.toString(end));
    JsonNode data = get("/api/v1/series", params);
    return data.isArray() && data.size() > 0;
  }

  /** GETs an API path and returns its {@code data}, or throws with the engine's reason. */
  private JsonNode get(String path, Map<String, String> params) {
    StringBuilder url = new StringBuilder(base).append(path);
    char sep = '?';
    for (Map.Entry<String, String> p : params.entrySet()) {
      url.append(sep)
          .append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
      sep = '&';
    }
    URI uri = URI.create(url.toString());
    URI shown = URI.create(base + path); // the query string can be long: keep it out of messages
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET();
    authorization.ifPresent(v -> request.header("Authorization", v));
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new RemoteStoreException(shown, "cannot reach the history engine at", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteStoreException(shown, "interrupted while asking the history engine at", e);
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      body = null;
    }
    if (response.statusCode() != 200 || body == null || !"success".equals(body.path("status").asText())) {
      String reason =
          body != null && body.hasNonNull("error")
              ? body.path("errorType").asText("") + ": " + body.path("error").asText()
              : new String(response.body(), 0, Math.min(MAX_ERROR, response.body().length), StandardCharsets.UTF_8);
      throw new RemoteStoreException(
          shown, "the history engine answered HTTP " + response.statusCode() + " (" + reason.strip() + ") at", null);
    }
    return body.path("data");
  }

  private void requireType(JsonNode data, String type, String path) {
    String actual = data.path("resultType").asText();
    if (!type.equals(actual)) {
      throw new RemoteStoreException(
          URI.create(base + path), "expected a " + type + " result, got \"" + actual + "\" from", null);
    }
  }

  private static Map<String, String> labels(JsonNode metric) {
    Map<String, String> labels = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : metric.properties()) {
      labels.put(e.getKey(), e.getValue().asText());
    }
    return labels;
  }

  /** Values come as strings: numbers, {@code NaN}, {@code +Inf}, {@code -Inf}. */
  private static double value(JsonNode v) {
    String s = v.asText();
    return switch (s) {
      case "NaN" -> Double.NaN;
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        try {
          yield Double.parseDouble(s);
        } catch (NumberFormatException e) {
          yield Double.NaN; // not a number: unknown, as a gap would be
        }
      }
    };
  }
}
