package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * vCenter's triggered alarms through the API (issue 13) against the simulator, whose launcher
 * triggers alarms on hosts, VMs, a datastore, a cluster and the datacenter, propagated up the
 * inventory as vCenter does, and changes them on demand.
 */
class AlarmsIT {

  static final ObjectMapper json = new ObjectMapper();
  static TestApp app;
  static String dcMoid;
  static String dcId;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start("-dc", "2", "-cluster", "1", "-host", "3", "-standalone-host", "1", "-vm", "4", "-ds", "2");
    dcMoid = app.simulator().model().path("datacenters").get(0).path("moid").asText();
    dcId = "sim:" + dcMoid;
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  static JsonNode modelDc() throws Exception {
    for (JsonNode dc : app.simulator().model().path("datacenters")) {
      if (dc.path("moid").asText().equals(dcMoid)) {
        return dc;
      }
    }
    throw new AssertionError("no datacenter " + dcMoid);
  }

  /** An alarm as the API and the model both describe it. */
  record Alarm(String key, String entity, String entityName, String entityType, String alarm, String status, Instant time,
      boolean acknowledged, String acknowledgedBy) {}

  static Alarm fromModel(JsonNode a) {
    String type = switch (a.path("entityType").asText()) {
      case "Datacenter" -> "datacenter";
      case "ClusterComputeResource" -> "cluster";
      case "HostSystem" -> "host";
      case "VirtualMachine" -> "vm";
      default -> "datastore";
    };
    return new Alarm(a.path("key").asText(), "sim:" + a.path("entity").asText(), a.path("entityName").asText(), type,
        a.path("alarmName").asText(), a.path("status").asText(), Instant.parse(a.path("time").asText()), a.path("acknowledged").asBoolean(),
        a.path("acknowledgedBy").asText().isEmpty() ? null : a.path("acknowledgedBy").asText());
  }

  static Alarm fromApi(JsonNode a) {
    return new Alarm(a.path("key").asText(), a.path("entity").asText(), a.path("entityName").asText(), a.path("entityType").asText(),
        a.path("alarm").asText(), a.path("status").asText(), Instant.parse(a.path("time").asText()), a.path("acknowledged").asBoolean(),
        a.path("acknowledgedBy").isNull() ? null : a.path("acknowledgedBy").asText());
  }

  static List<Alarm> api() throws Exception {
    List<Alarm> out = new ArrayList<>();
    app.getJson("/api/v1/alarms?datacenter=" + TestApp.enc(dcId)).forEach(a -> out.add(fromApi(a)));
    return out;
  }

  static List<Alarm> model() throws Exception {
    List<Alarm> out = new ArrayList<>();
    modelDc().path("alarms").forEach(a -> out.add(fromModel(a)));
    return out;
  }

  /** Each alarm once, on the entity it is about (not on every ancestor vCenter lists it on), red first and then the latest. */
  @Test
  void theAlarmsAreTheModels() throws Exception {
    List<Alarm> expected = model();
    Set<String> types = new HashSet<>();
    expected.forEach(a -> types.add(a.entityType()));
    assertThat(types).as("alarms on every kind of entity").containsExactlyInAnyOrder("datacenter", "cluster", "host", "vm", "datastore");
    List<Alarm> actual = api();
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    for (int i = 1; i < actual.size(); i++) {
      Alarm a = actual.get(i - 1);
      Alarm b = actual.get(i);
      assertThat(a.status().equals("red") && b.status().equals("yellow") || a.status().equals(b.status()) && !a.time().isBefore(b.time()))
          .as(a + " before " + b).isTrue();
    }
    assertThat(app.getJson("/api/v1/alarms").size()).as("both datacenters").isGreaterThan(actual.size());
  }

  /** The datacenter list counts red and yellow alarms, which the header and the overview show. */
  @Test
  void datacentersCountTheirAlarms() throws Exception {
    List<Alarm> expected = model();
    for (JsonNode d : app.getJson("/api/v1/datacenters")) {
      if (d.path("id").asText().equals(dcId)) {
        assertThat(d.path("alarmsRed").asInt()).isEqualTo(expected.stream().filter(a -> a.status().equals("red")).count()).isPositive();
        assertThat(d.path("alarmsYellow").asInt()).isEqualTo(expected.stream().filter(a -> a.status().equals("yellow")).count()).isPositive();
      }
    }
  }

  /** An entity's page lists the alarms on it, and only those. */
  @Test
  void anEntitysPageListsItsAlarms() throws Exception {
    for (Alarm a : model()) {
      if (a.entityType().equals("datacenter")) {
        continue; // datacenters have no page
      }
      JsonNode entity = app.getJson("/api/v1/entities?id=" + TestApp.enc(a.entity()));
      List<Alarm> shown = new ArrayList<>();
      entity.path("alarms").forEach(x -> shown.add(fromApi(x)));
      assertThat(shown).as(a.entityName()).contains(a).allSatisfy(x -> assertThat(x.entity()).isEqualTo(a.entity()));
    }
  }

  /** Triggered, acknowledged and cleared in vCenter: each change shows after the next cycle. */
  @Test
  void changesArriveWithTheNextCycle() throws Exception {
    String vm = modelDc().path("vms").get(1).path("moid").asText();
    String key = "alarm-2." + vm;
    app.simulator().control("{\"alarm\": {\"action\": \"trigger\", \"alarm\": \"alarm-2\", \"entity\": \"" + vm + "\", \"status\": \"red\"}}");
    assertThat(app.collectNow()).isTrue();
    assertThat(api()).containsExactlyInAnyOrderElementsOf(model()).anySatisfy(a -> assertThat(a.key()).isEqualTo(key));

    app.simulator().control("{\"alarm\": {\"action\": \"acknowledge\", \"alarm\": \"alarm-2\", \"entity\": \"" + vm + "\", \"user\": \"ops <b>\"}}");
    assertThat(app.collectNow()).isTrue();
    assertThat(api()).containsExactlyInAnyOrderElementsOf(model())
        .anySatisfy(a -> assertThat(a.key().equals(key) && a.acknowledged() && "ops <b>".equals(a.acknowledgedBy())).isTrue());

    app.simulator().control("{\"alarm\": {\"action\": \"clear\", \"alarm\": \"alarm-2\", \"entity\": \"" + vm + "\"}}");
    assertThat(app.collectNow()).isTrue();
    assertThat(api()).containsExactlyInAnyOrderElementsOf(model()).noneSatisfy(a -> assertThat(a.key()).isEqualTo(key));
  }

  @Test
  void badInputIsAJsonError() throws Exception {
    HttpResponse<String> r = app.get("/api/v1/alarms?status=red");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json.readTree(r.body()).path("error").asText()).isEqualTo("bad_request");
    assertThat(json.readTree(r.body()).path("message").asText()).isEqualTo("unknown parameter 'status'");
    assertThat(app.get("/api/v1/alarms?datacenter=sim:nowhere").statusCode()).isEqualTo(404);
  }
}
