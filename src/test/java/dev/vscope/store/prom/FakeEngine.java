package dev.vscope.store.prom;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for a Prometheus engine on a loopback port: records remote-write requests (decoded
 * with the test's own decoders) and answers API queries with canned JSON.
 */
final class FakeEngine implements AutoCloseable {

  /** A remote-write request as received. */
  record WriteCall(Map<String, String> headers, List<WireDecoder.TimeSeries> series, int status) {}

  /** An API GET as received. */
  record QueryCall(String path, Map<String, String> params, String authorization) {}

  private final HttpServer server;
  final List<WriteCall> writes = new CopyOnWriteArrayList<>();
  final List<QueryCall> queries = new CopyOnWriteArrayList<>();
  /** Decides the status of each write request; 204 by default. */
  volatile Function<List<WireDecoder.TimeSeries>, Integer> writeStatus = series -> 204;
  /** JSON answers by API path; a path not here answers 404. */
  final Map<String, Function<Map<String, String>, String>> answers = new ConcurrentHashMap<>();

  FakeEngine() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v1/write", this::write);
    server.createContext("/api/v1/", this::query);
    server.start();
  }

  URI writeUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
  }

  URI readUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Every sample the engine accepted, per series label "entity|metric", in arrival order. */
  Map<String, List<WireDecoder.Sample>> accepted() {
    Map<String, List<WireDecoder.Sample>> out = new HashMap<>();
    for (WriteCall call : writes) {
      if (call.status() / 100 == 2) {
        for (WireDecoder.TimeSeries s : call.series()) {
          out.computeIfAbsent(s.label("entity") + "|" + s.label("metric"), k -> new ArrayList<>()).addAll(s.samples());
        }
      }
    }
    return out;
  }

  private void write(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    byte[] raw = new byte[SnappyDecompressor.getUncompressedLength(body, 0)];
    new SnappyDecompressor().decompress(body, 0, body.length, raw, 0, raw.length);
    List<WireDecoder.TimeSeries> series = WireDecoder.writeRequest(raw);
    Map<String, String> headers = new HashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
    headers.put("method", ex.getRequestMethod());
    int status = writeStatus.apply(series);
    writes.add(new WriteCall(headers, series, status));
    byte[] answer = status / 100 == 2 ? new byte[0] : ("status " + status + " from the fake").getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, status == 204 ? -1 : answer.length);
    if (status != 204) {
      ex.getResponseBody().write(answer);
    }
    ex.close();
  }

  private void query(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    Map<String, String> params = new HashMap<>();
    String q = ex.getRequestURI().getRawQuery();
    if (q != null) {
      for (String pair : q.split("&")) {
        int eq = pair.indexOf('=');
        params.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    queries.add(new QueryCall(path, params, ex.getRequestHeaders().getFirst("Authorization")));
    Function<Map<String, String>, String> answer = answers.get(path);
    byte[] body =
        (answer == null ? "{\"status\":\"error\",\"errorType\":\"not_found\",\"error\":\"no " + path + "\"}" : answer.apply(params))
            .getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(answer == null ? 404 : 200, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
