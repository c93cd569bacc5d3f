package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.TestApp;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Memory pressure (issue 12) against the simulator: the launcher gives some VMs ballooned, swapped
 * and compressed memory in their quickStats and answers the {@code mem.vmmemctl},
 * {@code mem.swapped} and {@code mem.compressed} counters with the same figures (a host's: the sum
 * over its running VMs), and its model lists them in KB. The VMs and Hosts lists, the series and
 * Top-N must show them in bytes.
 */
class MemoryPressureIT {

  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper json = new ObjectMapper();
  static final String[] FIELDS = {"memBalloonedBytes", "memSwappedBytes", "memCompressedBytes"};
  static final String[] MODEL = {"balloonedKB", "swappedKB", "compressedKB"};
  static final String[] METRICS = {"mem.ballooned", "mem.swapped", "mem.compressed"};
  static TestApp app;
  static JsonNode dc;

  @BeforeAll
  static void start() throws Exception {
    // 7 hosts: a cluster host disconnected, the standalone one in maintenance; 18 VMs, of which
    // the profile balloons 1 in 6, swaps 1 in 9 and compresses 1 in 10
    app = TestApp.start("-dc", "1", "-cluster", "2", "-host", "3", "-standalone-host", "1", "-vm", "6", "-ds", "2");
    dc = app.simulator().model().path("datacenters").get(0);
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static Map<String, JsonNode> byId(JsonNode rows) {
    Map<String, JsonNode> out = new HashMap<>();
    rows.forEach(r -> out.put(r.path("id").asText(), r));
    return out;
  }

  @Test
  void vmsShowTheirBalloonedSwappedAndCompressedMemory() throws Exception {
    Map<String, JsonNode> rows = byId(app.getJson("/api/v1/vms"));
    int[] nonZero = new int[3];
    int running = 0;
    for (JsonNode m : dc.path("vms")) {
      JsonNode r = rows.get("sim:" + m.path("moid").asText());
      assertThat(r).as(m.path("name").asText()).isNotNull();
      boolean on = m.path("powerState").asText().equals("poweredOn");
      running += on ? 1 : 0;
      for (int i = 0; i < 3; i++) {
        String as = m.path("name").asText() + " " + FIELDS[i];
        if (on) {
          long expected = m.path("memory").path(MODEL[i]).asLong() * 1024;
          // from the counters where non-zero, else from the quickStats (see the Top-N test below)
          assertThat(r.path(FIELDS[i]).isNumber()).as(as).isTrue();
          assertThat(r.path(FIELDS[i]).asDouble()).as(as).isEqualTo(expected);
          nonZero[i] += expected > 0 ? 1 : 0;
        } else {
          // a VM not running has neither statistics nor meaningful quickStats
          assertThat(r.path(FIELDS[i]).isNull()).as(as).isTrue();
        }
      }
      assertThat(r.has("memory")).as("the quickStats go out once, as the fields above").isFalse();
    }
    assertThat(running).isGreaterThanOrEqualTo(10);
    assertThat(nonZero).as("VMs with each kind of pressure").doesNotContain(0);
  }

  @Test
  void hostsShowTheSumOverTheirRunningVms() throws Exception {
    Map<String, JsonNode> rows = byId(app.getJson("/api/v1/hosts"));
    int nonZero = 0;
    for (JsonNode m : dc.path("hosts")) {
      JsonNode r = rows.get("sim:" + m.path("moid").asText());
      for (int i = 0; i < 3; i++) {
        String as = m.path("name").asText() + " " + FIELDS[i];
        if (m.path("connectionState").asText().equals("connected")) {
          // the counters where non-zero, else the running VMs' quickStats summed: the same figure
          long expected = m.path("memory").path(MODEL[i]).asLong() * 1024;
          assertThat(r.path(FIELDS[i]).isNumber()).as(as).isTrue();
          assertThat(r.path(FIELDS[i]).asDouble()).as(as).isEqualTo(expected);
          nonZero += expected > 0 ? 1 : 0;
        } else {
          // no statistics from a host vCenter lost, and its quickStats are stale
          assertThat(r.path(FIELDS[i]).isNull()).as(as).isTrue();
        }
      }
    }
    assertThat(nonZero).isPositive();
  }

  @Test
  void theFiguresHaveHistoryAndRankInTopN() throws Exception {
    for (int i = 0; i < 3; i++) {
      List<JsonNode> ranked = new ArrayList<>();
      dc.path("vms").forEach(m -> {
        if (m.path("powerState").asText().equals("poweredOn")) {
          ranked.add(m);
        }
      });
      String field = MODEL[i];
      ranked.sort(Comparator.comparingLong((JsonNode m) -> -m.path("memory").path(field).asLong()));
      JsonNode top = ranked.get(0);
      String id = "sim:" + top.path("moid").asText();
      long expected = top.path("memory").path(field).asLong() * 1024;
      assertThat(expected).isPositive();

      JsonNode entity = app.getJson("/api/v1/entities/" + enc(id));
      List<String> metrics = new ArrayList<>();
      entity.path("metrics").forEach(n -> metrics.add(n.path("name").asText() + " " + n.path("unit").asText()));
      assertThat(metrics).contains(METRICS[i] + " bytes");

      JsonNode series = app.getJson("/api/v1/series?entity=" + enc(id) + "&metric=" + METRICS[i]);
      assertThat(series.path("unit").asText()).isEqualTo("bytes");
      JsonNode last = ClustersIT.lastKnown(series.path("points"));
      assertThat(last).as(id + " " + METRICS[i]).isNotNull();
      assertThat(last.get(1).asDouble()).isEqualTo(expected);

      // the series are constant, so the hour's average is the figure itself
      JsonNode answer = app.getJson("/api/v1/top?type=vm&metric=" + METRICS[i] + "&limit=1000");
      assertThat(answer.get(0).path("value").asDouble()).as(METRICS[i]).isEqualTo(expected);
      assertThat(answer.get(0).path("unit").asText()).isEqualTo("bytes");
      for (int k = 1; k < answer.size(); k++) {
        assertThat(answer.get(k).path("value").asDouble()).isLessThanOrEqualTo(answer.get(k - 1).path("value").asDouble());
      }
      // the VMs under that pressure, in the model's order of the figure. The others have no history:
      // govmomi's XML encoding leaves zeros out of a series, so theirs reads as no samples at all
      // (their rows show the quickStats' 0 instead, checked above)
      List<Double> values = new ArrayList<>();
      answer.forEach(r -> values.add(r.path("value").asDouble()));
      assertThat(values).isEqualTo(ranked.stream().map(m -> m.path("memory").path(field).asLong() * 1024.0).filter(v -> v > 0).toList());
    }
    long maxHost = 0;
    for (JsonNode h : dc.path("hosts")) {
      if (h.path("connectionState").asText().equals("connected")) {
        maxHost = Math.max(maxHost, h.path("memory").path("balloonedKB").asLong() * 1024);
      }
    }
    assertThat(app.getJson("/api/v1/top?type=host&metric=mem.ballooned").get(0).path("value").asDouble()).isEqualTo(maxHost);
  }
}
