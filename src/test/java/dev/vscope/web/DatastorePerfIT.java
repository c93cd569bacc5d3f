package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.MutableClock;
import dev.vscope.testing.TestApp;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Datastore performance in the Filer (issue 12), against the simulator: each datastore's read and
 * write IOPS are the sums, and its latency the averages, of the per-datastore series of the hosts
 * that mount it (which hosts, from the simulator's model), point by point as {@code series}
 * returns them; they rank in {@code top}; and {@code datastores/vms} lists the VMs the model puts on
 * a datastore with the space the model gives them there.
 */
class DatastorePerfIT {

  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper json = new ObjectMapper();
  static final MutableClock clock = new MutableClock(Instant.now());
  static TestApp app;
  static JsonNode dc;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start(clock, "-dc", "1", "-cluster", "1", "-host", "3", "-standalone-host", "1", "-vm", "3", "-ds", "3");
    // a second cycle a minute later, as the scheduler would run it
    app.simulator().control("{\"clockOffsetSeconds\": 60}");
    clock.advance(Duration.ofSeconds(60));
    assertThat(app.collectNow()).isTrue();
    dc = app.simulator().model().path("datacenters").get(0);
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The hour's points of a series, time → value, known ones only; empty when there is no such series. */
  static Map<Long, Double> hour(String entity, String metric) throws Exception {
    HttpResponse<String> r = app.get("/api/v1/series?entity=" + enc(entity) + "&metric=" + enc(metric) + "&range=hour");
    if (r.statusCode() == 404) {
      return Map.of();
    }
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Map<Long, Double> out = new HashMap<>();
    for (JsonNode p : json.readTree(r.body()).path("points")) {
      if (!p.get(1).isNull()) {
        out.put(p.get(0).asLong(), p.get(1).asDouble());
      }
    }
    return out;
  }

  /** The model's hosts that mount a datastore. */
  static List<String> hostsMounting(String dsMoid) {
    List<String> out = new ArrayList<>();
    for (JsonNode h : dc.path("hosts")) {
      for (JsonNode d : h.path("datastores")) {
        if (d.asText().equals(dsMoid)) {
          out.add("sim:" + h.path("moid").asText());
        }
      }
    }
    return out;
  }

  @Test
  void iopsAreSummedAndLatencyAveragedOverTheHostsThatMountTheDatastore() throws Exception {
    int checked = 0;
    for (JsonNode ds : dc.path("datastores")) {
      String moid = ds.path("moid").asText();
      String id = "sim:" + moid;
      List<String> hosts = hostsMounting(moid);
      assertThat(hosts).as("hosts mounting " + moid).isNotEmpty();
      for (String[] m : new String[][] {{"readIops", "datastore.readIops", "sum"}, {"writeIops", "datastore.writeIops", "sum"},
          {"readLatency", "datastore.readLatency", "avg"}, {"writeLatency", "datastore.writeLatency", "avg"}}) {
        Map<Long, double[]> perSlot = new HashMap<>(); // time → {sum, count}
        for (String host : hosts) {
          hour(host, m[1] + "[" + moid + "]").forEach((t, v) -> {
            double[] sc = perSlot.computeIfAbsent(t, k -> new double[2]);
            sc[0] += v;
            sc[1]++;
          });
        }
        Map<Long, Double> datastore = hour(id, m[0]);
        assertThat(datastore).as(id + " " + m[0]).isNotEmpty();
        assertThat(datastore.keySet()).as(id + " " + m[0] + " has a point where its hosts have one").isEqualTo(perSlot.keySet());
        for (Map.Entry<Long, Double> p : datastore.entrySet()) {
          double[] sc = perSlot.get(p.getKey());
          double expected = m[2].equals("sum") ? sc[0] : sc[0] / sc[1];
          assertThat(p.getValue()).as(id + " " + m[0] + " at " + p.getKey()).isCloseTo(expected, within(1e-6 * Math.max(1, expected)));
          checked++;
        }
      }
      // the Filer's row shows the latest of each
      JsonNode row = null;
      for (JsonNode d : app.getJson("/api/v1/datastores")) {
        if (d.path("id").asText().equals(id)) {
          row = d;
        }
      }
      assertThat(row).isNotNull();
      assertThat(row.path("readIops").isNumber()).as(row.toString()).isTrue();
      assertThat(row.path("writeIops").isNumber()).isTrue();
    }
    assertThat(checked).isGreaterThan(100);
  }

  @Test
  void datastoresRankByIops() throws Exception {
    List<Object[]> expected = new ArrayList<>();
    for (JsonNode ds : dc.path("datastores")) {
      Map<Long, Double> points = hour("sim:" + ds.path("moid").asText(), "writeIops");
      expected.add(new Object[] {"sim:" + ds.path("moid").asText(), points.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow()});
    }
    expected.sort(Comparator.comparingDouble((Object[] e) -> (double) e[1]).reversed().thenComparing(e -> (String) e[0]));
    JsonNode top = app.getJson("/api/v1/top?type=datastore&metric=writeIops&limit=10");
    assertThat(top.size()).isEqualTo(expected.size());
    for (int i = 0; i < top.size(); i++) {
      assertThat(top.get(i).path("entity").asText()).as("rank %d", i + 1).isEqualTo(expected.get(i)[0]);
      assertThat(top.get(i).path("value").asDouble()).isCloseTo((double) expected.get(i)[1], within(1e-6));
      assertThat(top.get(i).path("unit").asText()).isEqualTo("iops");
    }
  }

  @Test
  void aDatastoreListsItsVmsWithTheirSpaceOnIt() throws Exception {
    Set<String> vmsSeen = new HashSet<>();
    for (JsonNode ds : dc.path("datastores")) {
      String moid = ds.path("moid").asText();
      // the model's VMs with space on this datastore, and what they take there
      Map<String, JsonNode> expected = new HashMap<>();
      for (JsonNode vm : dc.path("vms")) {
        for (JsonNode u : vm.path("datastoreUsage")) {
          if (u.path("datastore").asText().equals(moid)) {
            expected.put("sim:" + vm.path("moid").asText(), u);
          }
        }
      }
      JsonNode rows = app.getJson("/api/v1/datastores/vms?datastore=" + enc("sim:" + moid));
      Map<String, JsonNode> got = new HashMap<>();
      rows.forEach(r -> got.put(r.path("id").asText(), r));
      assertThat(got.keySet()).as(moid).isEqualTo(expected.keySet());
      Map<String, JsonNode> vmRows = new HashMap<>();
      app.getJson("/api/v1/vms").forEach(v -> vmRows.put(v.path("id").asText(), v));
      for (Map.Entry<String, JsonNode> e : expected.entrySet()) {
        JsonNode row = got.get(e.getKey());
        assertThat(row.path("committedBytes").asLong()).as(e.getKey()).isEqualTo(e.getValue().path("committedBytes").asLong());
        assertThat(row.path("uncommittedBytes").asLong()).isEqualTo(e.getValue().path("uncommittedBytes").asLong());
        assertThat(row.path("unsharedBytes").asLong()).isEqualTo(e.getValue().path("unsharedBytes").asLong());
        assertThat(row.path("diskLatencyMs")).isEqualTo(vmRows.get(e.getKey()).path("diskLatencyMs"));
        assertThat(row.path("name").asText()).isEqualTo(vmRows.get(e.getKey()).path("name").asText());
        vmsSeen.add(e.getKey());
      }
    }
    // every VM is somewhere, and some powered-on one shows a latency
    assertThat(vmsSeen).hasSize(dc.path("vms").size());
    assertThat(vmsSeen.stream().anyMatch(id -> {
      try {
        return app.getJson("/api/v1/datastores/vms?datastore=" + enc(app.getJson("/api/v1/entities?id=" + enc(id)).path("properties").path("datastores").get(0).asText()))
            .findValues("diskLatencyMs").stream().anyMatch(JsonNode::isNumber);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    })).isTrue();
    // the VMs' own space is left out of the VM lists
    assertThat(app.getJson("/api/v1/vms").get(0).has("datastoreUsage")).isFalse();
  }

  @Test
  void anUnknownOrMissingDatastoreIsAJsonError() throws Exception {
    HttpResponse<String> missing = app.get("/api/v1/datastores/vms");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(json.readTree(missing.body()).path("message").asText()).contains("'datastore'");
    HttpResponse<String> unknown = app.get("/api/v1/datastores/vms?datastore=sim:datastore-999999");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json.readTree(unknown.body()).path("error").asText()).isEqualTo("not_found");
    // a VM is not a datastore
    String vm = "sim:" + dc.path("vms").get(0).path("moid").asText();
    assertThat(app.get("/api/v1/datastores/vms?datastore=" + enc(vm)).statusCode()).isEqualTo(404);
    HttpResponse<String> french = app.get("/api/v1/datastores/vms?datastore=sim:x", "Accept-Language", "fr");
    assertThat(json.readTree(french.body()).path("message").asText()).isEqualTo("banque de données sim:x introuvable");
  }
}
