package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vscope.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /metrics}, {@code /healthz} and {@code /readyz} on the real server. */
class MetricsIT {

  static TestApp app;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start("-cluster", "1", "-host", "2", "-vm", "2", "-ds", "2");
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.baseUrl() + path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void needsTheBearerToken() throws Exception {
    assertThat(get("/metrics").statusCode()).isEqualTo(401);
    assertThat(get("/metrics", "Authorization", "Bearer wrong-token-wrong-token").statusCode()).isEqualTo(401);
    assertThat(get("/metrics", "Authorization", "Bearer " + TestApp.METRICS_TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void exposesEveryEntityInBaseUnitsWithItsLabels() throws Exception {
    HttpResponse<String> r = get("/metrics", "Authorization", "Bearer " + TestApp.METRICS_TOKEN);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    String body = r.body();
    JsonNode model = app.simulator().model();
    JsonNode dc = model.path("datacenters").get(0);
    for (JsonNode vm : dc.path("vms")) {
      String id = "sim:" + vm.path("moid").asText();
      assertThat(value(body, "vscope_vm_vcpus", id)).isEqualTo(vm.path("numCpu").asDouble());
      assertThat(value(body, "vscope_vm_memory_bytes", id)).isEqualTo(vm.path("memoryMB").asDouble() * 1024 * 1024);
    }
    for (JsonNode ds : dc.path("datastores")) {
      assertThat(body).containsPattern("vscope_datastore_capacity_bytes\\{[^}]*datastore=\"" + ds.path("name").asText() + "\"");
    }
    assertThat(body).contains("vscope_vm_cpu_usage_ratio{").contains("vscope_host_cpu_cores{");
    assertThat(body).contains("vscope_collection_last_success_timestamp_seconds{vcenter=\"sim\"}");
    assertThat(body).containsPattern("vscope_vcenter_api_calls_total\\{method=\"QueryPerf\",outcome=\"ok\",vcenter=\"sim\"\\} [1-9]");
    assertThat(body).containsPattern("vscope_store_writes_total\\{outcome=\"ok\"\\} [1-9]");
    // the embedded store's state: series stored, its maintenance not failing
    assertThat(body).containsPattern("(?m)^vscope_history_series [1-9][0-9]*\\.?[0-9]*$");
    assertThat(body).containsPattern("(?m)^vscope_history_dirty_windows [0-9]+\\.?[0-9]*$");
    assertThat(body).containsPattern("(?m)^vscope_history_open_files [1-9][0-9]*\\.?[0-9]*$");
    assertThat(body).containsPattern("(?m)^vscope_history_maintenance_failing 0\\.?0*$");
    // every ratio is a ratio
    body.lines().filter(l -> l.startsWith("vscope_vm_cpu_usage_ratio{")).forEach(l -> {
      double v = Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
      assertThat(v).isBetween(0.0, 1.0);
    });
  }

  /** The value of the series of a family carrying {@code id="..."}. */
  static double value(String body, String family, String id) {
    String line = body.lines().filter(l -> l.startsWith(family + "{") && l.contains("id=\"" + id + "\""))
        .findFirst().orElseThrow(() -> new AssertionError("no " + family + " for " + id));
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  @Test
  void speaksOpenMetricsWhenAsked() throws Exception {
    HttpResponse<String> r = get("/metrics", "Authorization", "Bearer " + TestApp.METRICS_TOKEN,
        "Accept", "application/openmetrics-text; version=1.0.0");
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
    assertThat(r.body()).endsWith("# EOF\n");
  }

  @Test
  void healthAndReadiness() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("\"collected\":1");
  }
}
