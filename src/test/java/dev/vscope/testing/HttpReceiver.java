package dev.vscope.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A local HTTP server that receives JSON POSTs (a webhook, Alertmanager's webhook) and keeps them:
 * the request's path, headers of interest and body. While "down" it answers 503, as a receiver
 * being restarted does.
 */
public final class HttpReceiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request received. */
  public record Received(String path, String authorization, String contentType, JsonNode body) {}

  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private volatile boolean down;

  private HttpReceiver(HttpServer server) {
    this.server = server;
  }

  public static HttpReceiver start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    HttpReceiver r = new HttpReceiver(server);
    server.createContext("/", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      int status;
      if (r.down) {
        status = 503;
      } else if (!"POST".equals(exchange.getRequestMethod())) {
        status = 405;
      } else {
        JsonNode json;
        try {
          json = JSON.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
          json = null;
        }
        r.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Authorization"),
            exchange.getRequestHeaders().getFirst("Content-Type"), json));
        status = json == null ? 400 : 200;
      }
      byte[] answer = (status == 200 ? "ok" : "unavailable").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
    return r;
  }

  /** {@code http://127.0.0.1:PORT} */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void down(boolean d) {
    down = d;
  }

  private synchronized void add(Received r) {
    received.add(r);
    notifyAll();
  }

  public synchronized List<Received> received() {
    return List.copyOf(received);
  }

  /** The requests received so far once they satisfy {@code done}, waiting up to {@code seconds}. */
  public synchronized List<Received> await(int seconds, Predicate<List<Received>> done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!done.test(received)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("not received within " + seconds + " s; received: " + received);
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
