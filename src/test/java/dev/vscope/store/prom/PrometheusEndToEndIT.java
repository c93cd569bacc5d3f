package dev.vscope.store.prom;

import dev.vscope.collect.ConnectionState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.Application;
import dev.vscope.collect.Inventory;
import dev.vscope.config.AuthConfig;
import dev.vscope.config.CollectorConfig;
import dev.vscope.config.ServerConfig;
import dev.vscope.config.StorageConfig;
import dev.vscope.config.VscopeConfig;
import dev.vscope.sim.Simulator;
import dev.vscope.store.ForwardingHistoryStore;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.Sample;
import dev.vscope.store.StoreException;
import dev.vscope.store.Series;
import dev.vscope.store.TimeRange;
import dev.vscope.testing.Sims;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on a real Prometheus: the collector reads the simulator, the samples go out by
 * remote write, and the series endpoint of the pages reads back exactly what was collected, also
 * after an outage of the engine.
 */
class PrometheusEndToEndIT {

  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  /** Hands every collected sample to the store under test, and remembers it: what was collected. */
  static final class Recording extends ForwardingHistoryStore {
    final Map<String, ConcurrentSkipListMap<Long, Double>> written = new ConcurrentHashMap<>();

    Recording(HistoryStore inner) {
      super(inner);
    }

    @Override
    public void write(String entityId, Map<String, List<Sample>> samples) {
      inner.write(entityId, samples);
      remember(entityId, samples);
    }

    @Override
    public Map<String, StoreException> writeAll(Map<String, Map<String, List<Sample>>> samplesByEntity) {
      Map<String, StoreException> failed = inner.writeAll(samplesByEntity);
      samplesByEntity.forEach((entityId, samples) -> {
        if (!failed.containsKey(entityId)) {
          remember(entityId, samples);
        }
      });
      return failed;
    }

    private void remember(String entityId, Map<String, List<Sample>> samples) {
      samples.forEach((metric, list) -> list.forEach(s -> {
        if (!Double.isNaN(s.value())) {
          // the first value of a time is what a store keeps: a repeated time is an overlap it ignores
          // (the simulator, unlike vCenter, answers the sample at the start time again, with new noise)
          written.computeIfAbsent(entityId + "|" + metric, k -> new ConcurrentSkipListMap<>()).putIfAbsent(s.epochSecond(), s.value());
        }
      }));
    }
  }

  @Test
  void theSeriesEndpointReturnsWhatWasCollectedEvenAfterAnEngineOutage() throws Exception {
    try (EngineProcess engine = new EngineProcess(EngineProcess.Kind.fromProperty(), dir.resolve("engine"));
        Simulator sim = Sims.start("-cluster", "1", "-host", "2", "-vm", "2")) {
      engine.start();
      PrometheusStoreConfig storeConfig = new PrometheusStoreConfig(engine.writeUrl(), engine.base(), null, null, null,
          dir.resolve("buffer"), Duration.ofSeconds(10));
      VscopeConfig config = new VscopeConfig(List.of(Sims.config(sim, "sim")), CollectorConfig.defaults(),
          new ServerConfig("127.0.0.1", 0, null, null, null, true, null), new StorageConfig(dir, null, StorageConfig.Type.PROMETHEUS, storeConfig),
          null, new AuthConfig(false, null, null, null), null, null, null);
      PrometheusHistoryStore prom = PrometheusHistoryStore.open(storeConfig, Clock.systemUTC());
      Recording store = new Recording(prom);
      try (Application app = Application.builder(config).store(store).collectOnDemand().start()) {
        assertThat(app.collectNow()).isTrue();
        assertThat(prom.awaitDelivered(Duration.ofSeconds(60))).isTrue();
        engine.flush();
        assertThat(prom.rejectedRecords()).isZero();
        String host = app.snapshots().get(0).inventory().datacenters().get(0).hosts().stream()
            .filter(h -> h.connectionState() == ConnectionState.CONNECTED).map(Inventory.Host::id).findFirst().orElseThrow();
        assertSeriesEqualsCollected(app, store, host, "cpu.usage");
        assertSeriesEqualsCollected(app, store, host, "net.rx");

        // the engine goes down; collection goes on (two minutes later, by vCenter's clock)
        engine.stop();
        sim.control("{\"clockOffsetSeconds\": 120}");
        assertThat(app.collectNow()).isTrue();
        assertThat(prom.pendingBytes()).isPositive();
        engine.start();
        assertThat(prom.awaitDelivered(Duration.ofSeconds(90))).isTrue();
        engine.flush();
        assertThat(prom.rejectedRecords()).isZero();
        assertSeriesEqualsCollected(app, store, host, "cpu.usage");
      }
    }
  }

  /**
   * Every point of the hour the series endpoint answers is the sample collected in that 20 s step
   * (both stores keep a sample in the step at or before it), or a gap where nothing was collected.
   */
  private void assertSeriesEqualsCollected(Application app, Recording store, String entity, String metric) throws Exception {
    ConcurrentSkipListMap<Long, Double> collected = store.written.get(entity + "|" + metric);
    assertThat(collected).as(entity + " " + metric).hasSizeGreaterThan(5);
    Map<Long, Double> bySlot = new java.util.HashMap<>();
    collected.forEach((t, v) -> bySlot.putIfAbsent(Math.floorDiv(t, 20) * 20, v));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.url() + "/api/v1/series?range=hour&metric="
        + URLEncoder.encode(metric, StandardCharsets.UTF_8) + "&entity=" + URLEncoder.encode(entity, StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode points = json.readTree(r.body()).path("points");
    assertThat(points.size()).isEqualTo(TimeRange.HOUR.points());
    int known = 0;
    for (JsonNode p : points) {
      long t = p.get(0).asLong();
      Double expected = bySlot.get(t);
      if (expected == null) {
        assertThat(p.get(1).isNull()).as("t=" + t + " was not collected").isTrue();
      } else {
        assertThat(p.get(1).isNull()).as("t=" + t + " was collected").isFalse();
        assertThat(p.get(1).asDouble()).as("t=" + t).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
        known++;
      }
    }
    long first = points.get(0).get(0).asLong();
    long last = points.get(points.size() - 1).get(0).asLong();
    assertThat(known).isEqualTo((int) bySlot.keySet().stream().filter(t -> t >= first && t <= last).count()).isGreaterThan(5);
  }
}
