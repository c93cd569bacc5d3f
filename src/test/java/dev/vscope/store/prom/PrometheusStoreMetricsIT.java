package dev.vscope.store.prom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.Application;
import dev.vscope.config.AuthConfig;
import dev.vscope.config.CollectorConfig;
import dev.vscope.config.MetricsConfig;
import dev.vscope.config.ServerConfig;
import dev.vscope.config.StorageConfig;
import dev.vscope.config.VscopeConfig;
import dev.vscope.sim.Simulator;
import dev.vscope.testing.Sims;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application on the Prometheus-compatible store, as {@code storage.type: prometheus} builds
 * it: its buffer's backlog reaches {@code /metrics} (docs/operations.md, "Prometheus"), and it
 * names the engine, not the data directory, as where the history is. The engine is a stand-in that
 * answers reads with "nothing stored" and refuses writes as the test says: for now (503), then for
 * good (400).
 */
class PrometheusStoreMetricsIT {

  private static final String TOKEN = "prometheus-store-metrics-token";
  private static final String EMPTY_VECTOR = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";

  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theBufferBacklogAndTheRecordsGivenUpAreOnMetrics() throws Exception {
    try (FakeEngine engine = new FakeEngine(); Simulator sim = Sims.start("-cluster", "1", "-host", "1", "-vm", "1")) {
      engine.answers.put("/api/v1/query", p -> EMPTY_VECTOR);
      engine.writeStatus = series -> 503;
      PrometheusStoreConfig storeConfig = new PrometheusStoreConfig(engine.writeUrl(), engine.readUrl(), null, null, null,
          dir.resolve("buffer"), Duration.ofSeconds(5));
      VscopeConfig config = new VscopeConfig(List.of(Sims.config(sim, "sim")), CollectorConfig.defaults(),
          new ServerConfig("127.0.0.1", 0, null, null, null, true, null), new StorageConfig(dir, null, StorageConfig.Type.PROMETHEUS, storeConfig),
          null, new AuthConfig(false, null, null, null), new MetricsConfig(TOKEN, null), null, null);
      try (Application app = Application.builder(config).collectOnDemand().start()) {
        assertThat(app.store().location()).startsWith("the Prometheus-compatible engine at " + engine.readUrl());

        assertThat(app.collectNow()).isTrue();
        await(() -> !engine.writes.isEmpty(), "a write refused for now");
        String body = metrics(app);
        assertThat(value(body, "vscope_history_buffer_pending_bytes").orElse(-1)).as(body).isPositive();
        assertThat(value(body, "vscope_history_rejected_records_total").orElse(-1)).as(body).isZero();
        assertThat(body).as("the embedded store's figures are not this store's").doesNotContain("vscope_history_series");

        engine.writeStatus = series -> 400;
        await(() -> value(metrics(app), "vscope_history_buffer_pending_bytes").orElse(-1) == 0, "the buffer given up");
        body = metrics(app);
        assertThat(value(body, "vscope_history_rejected_records_total").orElse(-1)).as(body).isPositive();
      }
    }
  }

  private String metrics(Application app) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.url() + "/metrics"))
        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  /** The value of an unlabelled series, empty when the family is absent. */
  private static OptionalDouble value(String body, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(body);
    return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(Condition condition, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.holds()) {
      assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
      Thread.sleep(50);
    }
  }
}
