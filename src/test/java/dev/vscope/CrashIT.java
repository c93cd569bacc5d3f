package dev.vscope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vscope.sim.Simulator;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.embedded.EmbeddedHistoryStore;
import dev.vscope.store.TimeRange;
import dev.vscope.testing.Sims;
import dev.vscope.testing.VscopeProcess;
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
  @Test
  void killedMidCycleAndAfterACycleItsHistoryStaysIntact() throws Exception {
    try (Simulator sim = Sims.start("-cluster", "2", "-host", "4", "-vm", "20", "-ds", "2")) {
      int port = VscopeProcess.freePort();
      VscopeProcess.configure(dir, sim, port, "20s");
      // 1: killed while its first cycle (an hour of backfill for every entity) is under way
      VscopeProcess first = VscopeProcess.start(dir, port);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(dir.resolve("vscope.log")).contains("connected to") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(400);
      first.kill();

      // 2: restarted, it collects again; killed again right after a completed cycle
      VscopeProcess second = VscopeProcess.start(dir, port);
      second.awaitOk("/readyz");
      JsonNode hosts = second.getJson("/api/v1/hosts");
      String host = null;
      for (JsonNode h : hosts) {
        if (h.path("connectionState").asText().equals("connected")) {
          host = h.path("id").asText();
          break;
        }
      }
      JsonNode series = second.getJson("/api/v1/series?metric=cpu.usage&range=hour&entity=" + host);
      long knownBefore = 0;
      long end = 0;
      for (JsonNode point : series.path("points")) {
        knownBefore += point.get(1).isNull() ? 0 : 1;
        end = point.get(0).asLong();
      }
      assertThat(knownBefore).isGreaterThan(100);
      second.kill();

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
}
