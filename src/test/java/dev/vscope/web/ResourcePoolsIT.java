package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.TestApp;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/resourcePools} against the simulator: every pool of every cluster, in tree
 * order, with the configuration, usage and VMs the launcher's model reads from govmomi's own
 * objects (the launcher gives each cluster a tree of pools with varied reservations, limits and
 * shares, and spreads the VMs over them).
 */
class ResourcePoolsIT {

  static final long MB = 1024L * 1024;
  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper json = new ObjectMapper();
  static TestApp app;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start("-dc", "1", "-cluster", "2", "-host", "2", "-standalone-host", "1", "-vm", "9", "-ds", "1");
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void eachClustersTreeIsTheModels() throws Exception {
    JsonNode dc = app.simulator().model().path("datacenters").get(0);
    Map<String, String> vmNames = new HashMap<>();
    dc.path("vms").forEach(v -> vmNames.put(v.path("moid").asText(), v.path("name").asText()));
    Set<String> levels = new HashSet<>();
    Set<Boolean> limited = new HashSet<>();
    Set<Boolean> expandable = new HashSet<>();
    int pools = 0;
    int vmsInPools = 0;
    for (JsonNode cluster : dc.path("clusters")) {
      String clusterId = "sim:" + cluster.path("moid").asText();
      JsonNode rows = app.getJson("/api/v1/resourcePools?cluster=" + enc(clusterId));
      JsonNode model = cluster.path("pools");
      assertThat(rows.size()).as(clusterId).isEqualTo(model.size()).isEqualTo(4);
      Map<String, Integer> depth = new HashMap<>();
      for (int i = 0; i < model.size(); i++) {
        JsonNode m = model.get(i);
        JsonNode r = rows.get(i);
        String as = clusterId + " " + m.path("name").asText();
        String parent = m.path("parent").asText();
        int d = parent.isEmpty() ? 0 : depth.get(parent) + 1;
        depth.put(m.path("moid").asText(), d);
        assertThat(r.path("id").asText()).as(as).isEqualTo("sim:" + m.path("moid").asText());
        assertThat(r.path("name").asText()).as(as).isEqualTo(m.path("name").asText());
        assertThat(r.path("cluster").asText()).as(as).isEqualTo(clusterId);
        assertThat(r.path("parent").isNull() ? "" : r.path("parent").asText()).as(as).isEqualTo(parent.isEmpty() ? "" : "sim:" + parent);
        assertThat(r.path("depth").asInt()).as(as).isEqualTo(d);
        for (String[] kind : new String[][] {{"cpu", "Mhz", "1"}, {"mem", "Bytes", String.valueOf(MB)}}) {
          JsonNode a = m.path(kind[0].equals("cpu") ? "cpu" : "memory");
          long scale = Long.parseLong(kind[2]);
          assertThat(r.path(kind[0] + "Reservation" + kind[1]).asLong()).as(as).isEqualTo(a.path("reservation").asLong() * scale);
          long limit = a.path("limit").asLong();
          if (limit < 0) {
            assertThat(r.path(kind[0] + "Limit" + kind[1]).isNull()).as(as + " unlimited").isTrue();
          } else {
            assertThat(r.path(kind[0] + "Limit" + kind[1]).asLong()).as(as).isEqualTo(limit * scale);
          }
          assertThat(r.path(kind[0] + "ExpandableReservation").asBoolean()).as(as).isEqualTo(a.path("expandableReservation").asBoolean());
          assertThat(r.path(kind[0] + "SharesLevel").asText()).as(as).isEqualTo(a.path("sharesLevel").asText());
          assertThat(r.path(kind[0] + "Shares").asInt()).as(as).isEqualTo(a.path("shares").asInt());
          levels.add(a.path("sharesLevel").asText());
          limited.add(limit >= 0);
          expandable.add(a.path("expandableReservation").asBoolean());
        }
        assertThat(r.path("cpuUsageMhz").asLong()).as(as).isEqualTo(m.path("overallCpuUsageMhz").asLong());
        assertThat(r.path("hostMemoryUsageBytes").asLong()).as(as).isEqualTo(m.path("hostMemoryUsageMB").asLong() * MB);
        assertThat(r.path("guestMemoryUsageBytes").asLong()).as(as).isEqualTo(m.path("guestMemoryUsageMB").asLong() * MB);
        assertThat(r.path("vms").asInt()).as(as).isEqualTo(m.path("vmCount").asInt());
        Map<String, String> listed = new HashMap<>();
        r.path("vmList").forEach(v -> listed.put(v.path("id").asText(), v.path("name").asText()));
        Map<String, String> want = new HashMap<>();
        m.path("vms").forEach(v -> want.put("sim:" + v.asText(), vmNames.get(v.asText())));
        assertThat(listed).as(as).isEqualTo(want);
        pools++;
        vmsInPools += m.path("vmCount").asInt();
      }
      // the root pool's usage covers its children's
      assertThat(rows.get(0).path("cpuUsageMhz").asLong()).isGreaterThan(rows.get(1).path("cpuUsageMhz").asLong());
    }
    assertThat(pools).isEqualTo(8);
    // 9 VMs per cluster, all in some pool of it
    assertThat(vmsInPools).isEqualTo(18);
    assertThat(levels).contains("low", "normal", "high", "custom");
    assertThat(limited).containsExactlyInAnyOrder(true, false);
    assertThat(expandable).containsExactlyInAnyOrder(true, false);
  }

  @Test
  void aMissingClusterIs400AndAnUnknownOne404() throws Exception {
    HttpResponse<String> missing = app.get("/api/v1/resourcePools");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(json.readTree(missing.body()).path("message").asText()).contains("'cluster'");
    HttpResponse<String> fr = app.get("/api/v1/resourcePools", "Accept-Language", "fr");
    assertThat(json.readTree(fr.body()).path("message").asText()).isEqualTo("le paramètre 'cluster' est obligatoire");

    JsonNode dc = app.simulator().model().path("datacenters").get(0);
    String host = "sim:" + dc.path("hosts").get(0).path("moid").asText();
    for (String id : List.of("sim:domain-c404", host)) {
      HttpResponse<String> r = app.get("/api/v1/resourcePools?cluster=" + enc(id));
      assertThat(r.statusCode()).as(id).isEqualTo(404);
      assertThat(json.readTree(r.body()).path("error").asText()).isEqualTo("not_found");
      assertThat(json.readTree(r.body()).path("message").asText()).isEqualTo("cluster " + id + " not found");
    }
    HttpResponse<String> fr404 = app.get("/api/v1/resourcePools?cluster=sim:domain-c404", "Accept-Language", "fr");
    assertThat(json.readTree(fr404.body()).path("message").asText()).isEqualTo("cluster sim:domain-c404 introuvable");

    // a misspelt parameter is named, even beside a right one
    String cluster = "sim:" + dc.path("clusters").get(0).path("moid").asText();
    for (String q : List.of("clustre=" + enc(cluster), "cluster=" + enc(cluster) + "&datacenter=x")) {
      HttpResponse<String> r = app.get("/api/v1/resourcePools?" + q);
      assertThat(r.statusCode()).as(q).isEqualTo(400);
      assertThat(json.readTree(r.body()).path("error").asText()).isEqualTo("bad_request");
      assertThat(json.readTree(r.body()).path("message").asText()).as(q).isEqualTo("unknown parameter '" + q.substring(q.lastIndexOf('&') + 1, q.lastIndexOf('=')) + "'");
    }
  }
}
