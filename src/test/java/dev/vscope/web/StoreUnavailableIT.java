package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.config.HealthConfig;
import dev.vscope.config.ThresholdsConfig;
import dev.vscope.health.HealthChecks;
import dev.vscope.health.HealthMonitor;
import dev.vscope.store.prom.PrometheusHistoryStore;
import dev.vscope.store.prom.PrometheusStoreConfig;
import dev.vscope.testing.Stderr;
import dev.vscope.testing.TestApp;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The history engine down: a graph is a 503 in the API's JSON shape, told once in the log as a
 * WARN without a stack trace, not a 500 with an ERROR (issue 15). The store is the real
 * Prometheus store pointed at a port nothing listens on; the inventory is the simulator's.
 */
class StoreUnavailableIT {

  private static final ObjectMapper json = new ObjectMapper();

  @Test
  void aStoreThatCannotBeReadIsA503WithOneWarnLine() throws Exception {
    try (TestApp app = TestApp.start("-dc", "1", "-cluster", "1", "-host", "1", "-vm", "1", "-ds", "1")) {
      URI dead = URI.create("http://127.0.0.1:" + freePort());
      Path buffer = Files.createTempDirectory(app.dataDir(), "prometheus-buffer");
      PrometheusStoreConfig config = new PrometheusStoreConfig(dead.resolve("/api/v1/write"), dead, null, null, null, buffer, Duration.ofSeconds(2));
      String host = app.snapshot().inventory().datacenters().get(0).hosts().get(0).id();
      try (PrometheusHistoryStore store = PrometheusHistoryStore.open(config, Clock.systemUTC());
          WebServer server = WebServer.start(new WebServer.Options("127.0.0.1", 0, null), new Access(null),
              List.of(new ApiRoutes(() -> List.of(app.snapshot()), store, Clock.systemUTC(), 60, ThresholdsConfig.defaults(),
                  new HealthMonitor(HealthChecks.all(HealthConfig.defaults()), store, Clock.systemUTC()), new Access(null),
                  List::of)))) {
        String base = "http://127.0.0.1:" + server.port();
        List<HttpResponse<String>> answers = new ArrayList<>();
        String text = Stderr.of(() -> {
          answers.add(get(base + "/api/v1/series?entity=" + enc(host) + "&metric=cpu.usage&range=hour"));
          answers.add(get(base + "/api/v1/entities?id=" + enc(host)));
          answers.add(get(base + "/api/v1/health"));
        });
        HttpResponse<String> series = answers.get(0);
        HttpResponse<String> entity = answers.get(1);
        HttpResponse<String> health = answers.get(2);
        for (HttpResponse<String> r : List.of(series, entity)) {
          assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
          assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
          JsonNode body = json.readTree(r.body());
          assertThat(body.path("error").asText()).isEqualTo("store_unavailable");
          assertThat(body.path("message").asText()).isNotBlank().doesNotContain("127.0.0.1").doesNotContain("Exception");
        }
        List<String> lines = text.lines().filter(l -> l.contains("WebServer")).toList();
        assertThat(lines).as(text).hasSize(2).allMatch(l -> l.contains("WARN") && l.contains("history store failed"));
        assertThat(text).as("no stack trace, no ERROR").doesNotContain("\tat ").doesNotContain("ERROR");
        // the health checks answer all the same, CPU ready without figures, and say why in the log once
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonNode checks = json.readTree(health.body());
        assertThat(checks.findValuesAsText("check")).contains("cpuReady", "hostDisconnected");
        checks.forEach(c -> {
          if (c.path("check").asText().equals("cpuReady")) {
            assertThat(c.path("count").asInt()).isZero();
          }
        });
        assertThat(text.lines().filter(l -> l.contains("HealthMonitor")).toList()).as(text)
            .hasSize(1).allMatch(l -> l.contains("WARN") && l.contains("CPU ready cannot be read"));
      }
    }
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A port that was free a moment ago and that nothing listens on now. */
  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
