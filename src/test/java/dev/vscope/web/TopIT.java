package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.MutableClock;
import dev.vscope.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/top} on a real server fed by the simulator: the ranking is what the test
 * computes itself from each entity's {@code series} (the mean of its known points, highest
 * first), over the members of the scope as the simulator's own model lists them.
 */
class TopIT {

  static final ObjectMapper json = new ObjectMapper();
  static final MutableClock clock = new MutableClock(Instant.now());
  static TestApp app;
  static JsonNode dc;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start(clock, "-dc", "1", "-cluster", "2", "-host", "3", "-standalone-host", "0", "-vm", "4", "-ds", "2");
    clock.set(Instant.now()); // then frozen: top and series answer for the same range
    dc = app.simulator().model().path("datacenters").get(0);
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  record Expected(String id, String name, double mean) {}

  /** The mean of an entity's known points as {@code series} returns them; null when none is known. */
  static Double mean(String id, String metric, String range) throws Exception {
    return app.seriesMean(id, metric, range);
  }


  /** The expected ranking of the model's entities of one kind that pass {@code member}. */
  static List<Expected> expected(String kind, Predicate<JsonNode> member, String metric, String range) throws Exception {
    List<Expected> out = new ArrayList<>();
    for (JsonNode e : dc.path(kind)) {
      if (!member.test(e)) {
        continue;
      }
      String id = "sim:" + e.path("moid").asText();
      if (app.get("/api/v1/series?entity=" + TestApp.enc(id) + "&metric=" + TestApp.enc(metric)).statusCode() == 404) {
        continue; // never had the metric (a powered-off VM)
      }
      Double mean = mean(id, metric, range);
      if (mean != null) {
        out.add(new Expected(id, e.path("name").asText(), mean));
      }
    }
    out.sort(Comparator.comparingDouble(Expected::mean).reversed().thenComparing(Expected::id));
    return out;
  }

  static void assertRanking(JsonNode top, List<Expected> expected, int limit, String unit) {
    assertThat(top.size()).isEqualTo(Math.min(limit, expected.size()));
    for (int i = 0; i < top.size(); i++) {
      JsonNode row = top.get(i);
      Expected e = expected.get(i);
      assertThat(row.path("entity").asText()).as("rank %d", i + 1).isEqualTo(e.id());
      assertThat(row.path("name").asText()).isEqualTo(e.name());
      assertThat(row.path("value").asDouble()).isCloseTo(e.mean(), org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, Math.abs(e.mean()))));
      assertThat(row.path("unit").asText()).isEqualTo(unit);
    }
  }

  @Test
  void vmsRankedByTheMeanOfTheirSeriesHighestFirst() throws Exception {
    String scope = "sim:" + dc.path("moid").asText();
    for (String range : List.of("hour", "day", "week")) {
      List<Expected> expected = expected("vms", vm -> true, "cpu.usage", range);
      assertThat(expected).as("VMs with CPU usage").hasSizeGreaterThan(3);
      JsonNode top = app.getJson("/api/v1/top?metric=cpu.usage&range=" + range + "&scope=" + TestApp.enc(scope) + "&limit=3");
      assertRanking(top, expected, 3, "percent");
    }
    // without a scope, everything (one datacenter here); the default range is the hour, the default type VMs
    assertRanking(app.getJson("/api/v1/top?metric=cpu.ready&limit=1000"), expected("vms", vm -> true, "cpu.ready", "hour"), 1000, "percent");
  }

  @Test
  void hostsAndDatastoresRankToo() throws Exception {
    assertRanking(app.getJson("/api/v1/top?type=host&metric=mem.usage&limit=3"), expected("hosts", h -> true, "mem.usage", "hour"), 3, "percent");
    assertRanking(app.getJson("/api/v1/top?type=datastore&metric=space.usedPercent"), expected("datastores", d -> true, "space.usedPercent", "hour"), 20,
        "percent");
  }

  @Test
  void scopesAreTheModelsHostsAndDatastores() throws Exception {
    JsonNode host = dc.path("hosts").get(1);
    String hostId = "sim:" + host.path("moid").asText();
    List<Expected> onHost = expected("vms", vm -> vm.path("host").asText().equals(host.path("moid").asText()), "cpu.usage", "hour");
    assertThat(onHost).isNotEmpty().hasSizeLessThan(expected("vms", vm -> true, "cpu.usage", "hour").size());
    assertRanking(app.getJson("/api/v1/top?metric=cpu.usage&scope=" + TestApp.enc(hostId) + "&limit=1000"), onHost, 1000, "percent");

    JsonNode cluster = dc.path("clusters").get(0);
    java.util.Set<String> clusterHosts = new java.util.HashSet<>();
    cluster.path("hosts").forEach(h -> clusterHosts.add(h.asText()));
    List<Expected> inCluster = expected("vms", vm -> clusterHosts.contains(vm.path("host").asText()), "cpu.usage", "hour");
    assertThat(inCluster).isNotEmpty();
    assertRanking(app.getJson("/api/v1/top?metric=cpu.usage&scope=" + TestApp.enc("sim:" + cluster.path("moid").asText()) + "&limit=1000"), inCluster, 1000, "percent");
    assertRanking(app.getJson("/api/v1/top?type=host&metric=cpu.usage&scope=" + TestApp.enc("sim:" + cluster.path("moid").asText()) + "&limit=1000"),
        expected("hosts", h -> clusterHosts.contains(h.path("moid").asText()), "cpu.usage", "hour"), 1000, "percent");

    JsonNode datastore = dc.path("datastores").get(0);
    String dsMoid = datastore.path("moid").asText();
    Predicate<JsonNode> onDatastore = vm -> {
      for (JsonNode ds : vm.path("datastores")) {
        if (ds.asText().equals(dsMoid)) {
          return true;
        }
      }
      return false;
    };
    List<Expected> vmsOnDatastore = expected("vms", onDatastore, "cpu.usage", "hour");
    assertThat(vmsOnDatastore).isNotEmpty();
    assertRanking(app.getJson("/api/v1/top?metric=cpu.usage&scope=" + TestApp.enc("sim:" + dsMoid) + "&limit=1000"), vmsOnDatastore, 1000, "percent");
  }

  @Test
  void badParametersAreJson400sNamingThem() throws Exception {
    Map<String, String> cases = Map.ofEntries(
        Map.entry("/api/v1/top", "'metric'"),
        Map.entry("/api/v1/top?metric=no.such", "'metric'"),
        Map.entry("/api/v1/top?metric=cpu.usage&range=month", "'range'"),
        Map.entry("/api/v1/top?metric=cpu.usage&limit=0", "'limit'"),
        Map.entry("/api/v1/top?metric=cpu.usage&limit=1001", "'limit'"),
        Map.entry("/api/v1/top?metric=cpu.usage&limit=ten", "'limit'"),
        Map.entry("/api/v1/top?metric=cpu.usage&type=cluster", "'type'"),
        Map.entry("/api/v1/top?metric=cpu.usage&scope=sim:no-such", "'scope'"),
        Map.entry("/api/v1/top?type=datastore&metric=cpu.ready", "'metric'"),
        // a misspelt parameter is refused, not ignored as if absent (this one would answer for the hour)
        Map.entry("/api/v1/top?metric=cpu.ready&rnage=week", "'rnage'"),
        Map.entry("/api/v1/top?metric=cpu.ready&scope=" + TestApp.enc("sim:" + dc.path("moid").asText()) + "&limt=5", "'limt'"));
    for (Map.Entry<String, String> c : cases.entrySet()) {
      HttpResponse<String> r = app.get(c.getKey());
      assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
      JsonNode body = json.readTree(r.body());
      assertThat(body.path("error").asText()).isEqualTo("bad_request");
      assertThat(body.path("message").asText()).as(c.getKey()).contains(c.getValue());
    }
    HttpResponse<String> fr = app.get("/api/v1/top?metric=cpu.ready&rnage=week", "Accept-Language", "fr");
    assertThat(json.readTree(fr.body()).path("message").asText()).isEqualTo("paramètre 'rnage' inconnu");
  }

  @Test
  void aVmIsNotAScope() throws Exception {
    String vm = "sim:" + dc.path("vms").get(0).path("moid").asText();
    for (String type : List.of("vm", "host", "datastore")) {
      String path = "/api/v1/top?type=" + type + "&metric=" + (type.equals("datastore") ? "readIops" : "cpu.usage") + "&scope=" + TestApp.enc(vm);
      HttpResponse<String> r = app.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(400);
      JsonNode body = json.readTree(r.body());
      assertThat(body.path("error").asText()).isEqualTo("bad_request");
      assertThat(body.path("message").asText()).as(path).isEqualTo("parameter 'scope': " + vm + " is not a datacenter, cluster, host or datastore");
      HttpResponse<String> fr = app.get(path, "Accept-Language", "fr-FR,fr;q=0.9");
      assertThat(json.readTree(fr.body()).path("message").asText())
          .isEqualTo("paramètre 'scope' : " + vm + " n’est ni un centre de données, ni un cluster, ni un hôte, ni une banque de données");
    }
    // an id that names nothing is still unknown
    assertThat(json.readTree(app.get("/api/v1/top?metric=cpu.usage&scope=sim:vm-999999").body()).path("message").asText())
        .isEqualTo("parameter 'scope': no entity sim:vm-999999");
  }
}
