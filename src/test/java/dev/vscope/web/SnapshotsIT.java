package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Snapshots through the API (issue 13) against the simulator: the launcher takes snapshot trees
 * (chains of one to three, and trees with a branch) on a fixed subset of VMs, writes the layoutEx
 * vCenter would show, and its model gives each snapshot's size from the files it made for it.
 */
class SnapshotsIT {

  static final ObjectMapper json = new ObjectMapper();
  static TestApp app;
  static JsonNode dc;
  static String dcId;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start("-dc", "1", "-cluster", "2", "-host", "2", "-standalone-host", "0", "-vm", "10", "-ds", "2");
    dc = app.simulator().model().path("datacenters").get(0);
    dcId = "sim:" + dc.path("moid").asText();
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  /** One row per snapshot of the model's VMs, oldest first. */
  @Test
  void everySnapshotOldestFirst() throws Exception {
    List<Map<String, Object>> expected = new ArrayList<>();
    for (JsonNode vm : dc.path("vms")) {
      for (JsonNode s : vm.path("snapshots").path("list")) {
        Map<String, Object> row = new HashMap<>();
        row.put("vm", "sim:" + vm.path("moid").asText());
        row.put("vmName", vm.path("name").asText());
        row.put("name", s.path("name").asText());
        row.put("description", s.path("description").asText());
        row.put("created", Instant.parse(s.path("created").asText()));
        row.put("sizeBytes", s.path("sizeBytes").asLong());
        row.put("depth", s.path("depth").asInt());
        row.put("current", s.path("current").asBoolean());
        expected.add(row);
      }
    }
    expected.sort(Comparator.comparing((Map<String, Object> r) -> (Instant) r.get("created")).thenComparing(r -> (String) r.get("vmName")));
    assertThat(expected).as("the launcher takes snapshots").hasSizeGreaterThan(5);
    assertThat(expected).as("chains deeper than one").anySatisfy(r -> assertThat((int) r.get("depth")).isGreaterThan(1));

    JsonNode rows = app.getJson("/api/v1/snapshots?datacenter=" + TestApp.enc(dcId));
    List<Map<String, Object>> actual = new ArrayList<>();
    for (JsonNode r : rows) {
      Map<String, Object> row = new HashMap<>();
      row.put("vm", r.path("vm").asText());
      row.put("vmName", r.path("vmName").asText());
      row.put("name", r.path("name").asText());
      row.put("description", r.path("description").asText());
      row.put("created", Instant.parse(r.path("created").asText()));
      row.put("sizeBytes", r.path("sizeBytes").asLong());
      row.put("depth", r.path("depth").asInt());
      row.put("current", r.path("current").asBoolean());
      actual.add(row);
    }
    assertThat(actual).isEqualTo(expected);
    assertThat(app.getJson("/api/v1/snapshots")).as("without a datacenter: all of them").hasSize(expected.size());
  }

  /** VM rows carry their snapshot figures; VMs without snapshots have zeros, not nulls. */
  @Test
  void vmRowsCarryTheirSnapshots() throws Exception {
    Map<String, JsonNode> rows = new HashMap<>();
    app.getJson("/api/v1/vms?datacenter=" + TestApp.enc(dcId)).forEach(r -> rows.put(r.path("id").asText(), r));
    int consolidating = 0;
    for (JsonNode vm : dc.path("vms")) {
      JsonNode row = rows.get("sim:" + vm.path("moid").asText());
      JsonNode s = vm.path("snapshots");
      assertThat(row.path("snapshots").asInt()).as(vm.path("name").asText()).isEqualTo(s.isNull() ? 0 : s.path("count").asInt());
      assertThat(row.path("snapshotBytes").asLong()).isEqualTo(s.isNull() ? 0 : s.path("bytes").asLong());
      assertThat(row.path("snapshotDepth").asInt()).isEqualTo(s.isNull() ? 0 : s.path("depth").asInt());
      assertThat(row.path("consolidationNeeded").asBoolean()).isEqualTo(!s.isNull() && s.path("consolidationNeeded").asBoolean());
      assertThat(row.has("oldestSnapshot")).isTrue();
      if (s.isNull() || s.path("oldest").isNull()) {
        assertThat(row.path("oldestSnapshot").isNull()).isTrue();
      } else {
        assertThat(Instant.parse(row.path("oldestSnapshot").asText())).isEqualTo(Instant.parse(s.path("oldest").asText()));
      }
      consolidating += row.path("consolidationNeeded").asBoolean() ? 1 : 0;
      assertThat(row.has("snapshotState")).as("the tree goes out in snapshots, not in the VM list").isFalse();
    }
    assertThat(consolidating).as("the launcher marks VMs for consolidation").isPositive();
  }

  /** The Filer's datastores: the snapshot files on each, summed over its VMs. */
  @Test
  void datastoresShowTheirSnapshotSpace() throws Exception {
    Map<String, Long> expected = new HashMap<>();
    for (JsonNode vm : dc.path("vms")) {
      vm.path("snapshots").path("bytesByDatastore").properties().forEach(e -> expected.merge("sim:" + e.getKey(), e.getValue().asLong(), Long::sum));
    }
    assertThat(expected.values()).anySatisfy(b -> assertThat(b).isPositive());
    for (JsonNode d : app.getJson("/api/v1/datastores?datacenter=" + TestApp.enc(dcId))) {
      assertThat(d.path("snapshotBytes").asLong()).as(d.path("name").asText()).isEqualTo(expected.getOrDefault(d.path("id").asText(), 0L));
    }
  }

  /** A VM's page lists its snapshots. */
  @Test
  void aVmsPageListsItsSnapshots() throws Exception {
    JsonNode vm = null;
    for (JsonNode v : dc.path("vms")) {
      if (v.path("snapshots").path("count").asInt() > 1) {
        vm = v;
        break;
      }
    }
    assertThat(vm).isNotNull();
    JsonNode entity = app.getJson("/api/v1/entities?id=" + TestApp.enc("sim:" + vm.path("moid").asText()));
    List<String> names = new ArrayList<>();
    entity.path("snapshots").forEach(s -> names.add(s.path("name").asText()));
    List<String> expected = new ArrayList<>();
    vm.path("snapshots").path("list").forEach(s -> expected.add(s.path("name").asText()));
    assertThat(names).isEqualTo(expected);
    assertThat(entity.path("properties").path("snapshots").asInt()).isEqualTo(expected.size());
  }

  /** A parameter the endpoint does not take, or an unknown datacenter, is a JSON error naming it, in the caller's language. */
  @Test
  void badInputIsAJsonError() throws Exception {
    HttpResponse<String> typo = app.get("/api/v1/snapshots?datacentre=" + TestApp.enc(dcId));
    assertThat(typo.statusCode()).isEqualTo(400);
    assertThat(typo.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    assertThat(json.readTree(typo.body()).path("message").asText()).isEqualTo("unknown parameter 'datacentre'");
    HttpResponse<String> french = app.get("/api/v1/snapshots?datacentre=x", "Accept-Language", "fr");
    assertThat(json.readTree(french.body()).path("message").asText()).isEqualTo("paramètre 'datacentre' inconnu");
    HttpResponse<String> unknown = app.get("/api/v1/snapshots?datacenter=sim:datacenter-999");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json.readTree(unknown.body()).path("error").asText()).isEqualTo("not_found");
  }
}
