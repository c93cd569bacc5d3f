package dev.vscope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.sim.Simulator;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.embedded.EmbeddedHistoryStore;
import dev.vscope.store.TimeRange;
import dev.vscope.testing.Sims;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vscope killed with SIGKILL, as the real process: its history stays readable and complete. */
class CrashIT {

  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  Process start(Simulator sim, int port) throws IOException {
    Path config = dir.resolve("vscope.yml");
    Files.writeString(config, """
        vcenters:
          - name: sim
            url: %s
            username: %s
            password: %s
            thumbprint: "%s"
        collector:
          interval: 20s
        server:
          bind: 127.0.0.1
          port: %d
          plainHttp: true
        auth:
          enabled: false
        storage:
          path: %s
        """.formatted(sim.url(), sim.username(), sim.password(), sim.thumbprint(), port, dir.resolve("data")));
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        System.getProperty("vscope.jar", "target/vscope.jar"), "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("vscope.log").toFile()).start();
  }

  JsonNode getJson(int port, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 ? json.readTree(r.body()) : null;
  }

  void awaitReady(int port, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      assertThat(p.isAlive()).as(Files.readString(dir.resolve("vscope.log"))).isTrue();
      try {
        if (getJson(port, "/readyz") != null) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("vscope not ready: " + Files.readString(dir.resolve("vscope.log")));
  }

  @Test
  void killedMidCycleAndAfterACycleItsHistoryStaysIntact() throws Exception {
    try (Simulator sim = Sims.start("-cluster", "2", "-host", "4", "-vm", "20", "-ds", "2")) {
      int port = freePort();
      // 1: killed while its first cycle (an hour of backfill for every entity) is under way
      Process first = start(sim, port);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(dir.resolve("vscope.log")).contains("connected to") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(400);
      first.destroyForcibly().waitFor();

      // 2: restarted, it collects again; killed again right after a completed cycle
      Process second = start(sim, port);
      awaitReady(port, second);
      JsonNode hosts = getJson(port, "/api/v1/hosts");
      String host = null;
      for (JsonNode h : hosts) {
        if (h.path("connectionState").asText().equals("connected")) {
          host = h.path("id").asText();
          break;
        }
      }
      JsonNode series = getJson(port, "/api/v1/series?metric=cpu.usage&range=hour&entity=" + host);
      long knownBefore = 0;
      long end = 0;
      for (JsonNode point : series.path("points")) {
        knownBefore += point.get(1).isNull() ? 0 : 1;
        end = point.get(0).asLong();
      }
      assertThat(knownBefore).isGreaterThan(100);
      second.destroyForcibly().waitFor();

      // every file opens, nothing was set aside as corrupt, and the history is all there
      try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
        List<Path> corrupt = files.filter(f -> f.getFileName().toString().endsWith(".corrupt")).toList();
        assertThat(corrupt).isEmpty();
      }
      try (HistoryStore store = EmbeddedHistoryStore.open(dir.resolve("data"), Clock.systemUTC())) {
        // the same hour as the page showed before the kill
        long knownAfter = store.read(host, "cpu.usage", TimeRange.HOUR, Instant.ofEpochSecond(end)).points().stream()
            .filter(p -> !Double.isNaN(p.avg())).count();
        assertThat(knownAfter).isGreaterThanOrEqualTo(knownBefore);
        for (JsonNode h : hosts) {
          for (String m : store.metrics(h.path("id").asText())) {
            store.read(h.path("id").asText(), m, TimeRange.DAY, Instant.now());
          }
        }
      }
      try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
        assertThat(files.filter(f -> f.getFileName().toString().endsWith(".corrupt")).toList()).isEmpty();
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
