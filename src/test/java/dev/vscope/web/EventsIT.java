package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * vCenter's events in vscope (issue 13), against the simulator: events of every kind kept, posted
 * through the launcher as named users (power operations run the simulator's own methods), read
 * incrementally through one collector, and answered by {@code GET /api/v1/events} with their user,
 * message and entity. Expected values come from the launcher's own list of the events it posted
 * ({@code /vscope/events}); which vSphere type is which kind is the list, written here.
 */
class EventsIT {

  static final ObjectMapper JSON = new ObjectMapper();

  /** The kinds, by the vSphere types the launcher posts; every other type is not kept. */
  static final Map<String, String> KIND = Map.ofEntries(
      Map.entry("VmPoweredOnEvent", "powerOn"),
      Map.entry("VmPoweredOffEvent", "powerOff"),
      Map.entry("VmResettingEvent", "reset"),
      Map.entry("VmMigratedEvent", "migration"),
      Map.entry("VmReconfiguredEvent", "reconfigure"),
      Map.entry("com.vmware.vc.ha.VmRestartedByHAEvent", "haRestart"),
      Map.entry("HostConnectedEvent", "hostConnection"),
      Map.entry("HostDisconnectedEvent", "hostConnection"),
      Map.entry("EnteredMaintenanceModeEvent", "maintenance"),
      Map.entry("ExitMaintenanceModeEvent", "maintenance"),
      Map.entry("DatastoreCapacityIncreasedEvent", "datastore"),
      Map.entry("AlarmStatusChangedEvent", "alarm"));

  static TestApp app;
  static JsonNode dc;
  static List<String> vms;
  static List<String> hosts;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start("-dc", "1", "-cluster", "1", "-host", "3", "-standalone-host", "1", "-vm", "3", "-ds", "2");
    dc = app.simulator().model().path("datacenters").get(0);
    vms = new ArrayList<>();
    dc.path("vms").forEach(v -> {
      if (v.path("powerState").asText().equals("poweredOn")) {
        vms.add(v.path("moid").asText());
      }
    });
    hosts = new ArrayList<>();
    dc.path("hosts").forEach(h -> hosts.add(h.path("moid").asText()));
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  /** Posts events through the launcher; the keys of every event it made, in order. */
  static List<Long> post(Object... specs) throws Exception {
    String keys = app.simulator().control(JSON.writeValueAsString(Map.of("postEvents", List.of(specs)))).path("eventKeys").asText();
    List<Long> out = new ArrayList<>();
    for (String k : keys.split(",")) {
      if (!k.isEmpty()) {
        out.add(Long.parseLong(k));
      }
    }
    return out;
  }

  static Map<String, Object> spec(String... pairs) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  /** The launcher's events by key. */
  static Map<Long, JsonNode> launched() throws Exception {
    Map<Long, JsonNode> out = new HashMap<>();
    app.simulator().events().path("events").forEach(e -> out.put(e.path("key").asLong(), e));
    return out;
  }

  static JsonNode events(String query) throws Exception {
    return app.getJson("/api/v1/events" + query);
  }

  /** The host a VM runs on now, as the launcher says. */
  static String hostOf(String vm) throws Exception {
    for (JsonNode v : app.simulator().model().path("datacenters").get(0).path("vms")) {
      if (v.path("moid").asText().equals(vm)) {
        return v.path("host").asText();
      }
    }
    throw new AssertionError("no VM " + vm);
  }

  /** The moid of what an event of the launcher is about, by the kinds. */
  static String subject(JsonNode e) {
    return switch (KIND.get(e.path("type").asText())) {
      case "hostConnection", "maintenance" -> e.path("host").path("moid").asText();
      case "datastore" -> e.path("datastore").path("moid").asText();
      case "alarm" -> e.path("entity").path("moid").asText();
      default -> e.path("vm").path("moid").asText();
    };
  }

  @Test
  void everyKindIsKeptWithItsUserMessageAndEntity() throws Exception {
    String vm = vms.get(0);
    String other = vms.get(1);
    String now = hostOf(other);
    String target = hosts.stream().filter(h -> !h.equals(now) && !h.equals(hosts.get(hosts.size() - 1))).findFirst().orElseThrow();
    String datastore = dc.path("datastores").get(0).path("moid").asText();
    List<Long> keys = post(
        spec("kind", "powerOff", "vm", vm, "user", "alice"),
        spec("kind", "powerOn", "vm", vm, "user", "alice"),
        spec("kind", "reset", "vm", vm, "user", "bob"),
        spec("kind", "migrate", "vm", other, "host", target, "user", "carol"),
        Map.of("kind", "reconfigure", "vm", vm, "memoryMB", 6144, "user", "dave"),
        spec("kind", "haRestart", "vm", other),
        spec("kind", "hostDisconnected", "host", hosts.get(0), "user", "root"),
        spec("kind", "hostConnected", "host", hosts.get(0), "user", "root"),
        spec("kind", "enterMaintenance", "host", hosts.get(1), "user", "ops"),
        spec("kind", "exitMaintenance", "host", hosts.get(1), "user", "ops"),
        spec("kind", "datastoreGrown", "datastore", datastore, "user", "storage"),
        spec("kind", "alarm", "entity", hosts.get(2), "alarm", "Host CPU usage", "from", "green", "to", "red"));
    assertThat(app.collectNow()).isTrue();

    Map<Long, JsonNode> launched = launched();
    Map<Long, JsonNode> answered = new HashMap<>();
    events("?limit=5000").forEach(r -> answered.put(r.path("key").asLong(), r));
    Set<Long> kept = new HashSet<>();
    for (long key : keys) {
      JsonNode e = launched.get(key);
      String kind = KIND.get(e.path("type").asText());
      if (kind == null) {
        assertThat(answered).as("not kept: " + e).doesNotContainKey(key);
        continue;
      }
      kept.add(key);
      JsonNode row = answered.get(key);
      assertThat(row).as("kept: " + e).isNotNull();
      assertThat(row.path("type").asText()).isEqualTo(kind);
      assertThat(row.path("vsphereType").asText()).isEqualTo(e.path("type").asText());
      assertThat(row.path("vcenter").asText()).isEqualTo("sim");
      assertThat(row.path("user").isNull() ? "" : row.path("user").asText()).isEqualTo(e.path("userName").asText());
      assertThat(row.path("message").asText()).isEqualTo(e.path("message").asText()).isNotEmpty();
      assertThat(row.path("entity").asText()).isEqualTo("sim:" + subject(e));
      assertThat(row.path("datacenter").asText()).isEqualTo("sim:" + e.path("datacenter").path("moid").asText());
      assertThat(Instant.parse(row.path("time").asText())).isEqualTo(Instant.parse(e.path("createdTime").asText()));
    }
    // every kind of the issue, the power operations' own events among them (the simulator's, with the user's name)
    assertThat(kept.stream().map(k -> KIND.get(launched.get(k).path("type").asText())))
        .contains("powerOn", "powerOff", "reset", "migration", "reconfigure", "haRestart", "hostConnection", "maintenance", "datastore", "alarm");
    assertThat(keys.stream().map(k -> launched.get(k).path("type").asText())).as("the simulator's own, not kept").contains("VmStartingEvent");

    // a migration names where from and where to; a reconfiguration what changed, as vCenter words it
    JsonNode migration = answered.values().stream().filter(r -> r.path("type").asText().equals("migration")).findFirst().orElseThrow();
    JsonNode launchedMigration = launched.get(migration.path("key").asLong());
    assertThat(migration.path("message").asText()).contains(launchedMigration.path("sourceHost").path("name").asText(),
        launchedMigration.path("host").path("name").asText());
    assertThat(answered.values().stream().filter(r -> r.path("type").asText().equals("reconfigure")).findFirst().orElseThrow()
        .path("message").asText()).contains("config.hardware.memoryMB:", "-> 6144");
  }

  /** The keys answered, in order; each at most once. */
  static List<Long> keys(JsonNode rows) {
    List<Long> keys = new ArrayList<>();
    rows.forEach(r -> keys.add(r.path("key").asLong()));
    assertThat(keys).as("no event twice").doesNotHaveDuplicates();
    return keys;
  }

  static JsonNode status() throws Exception {
    return app.getJson("/api/v1/status").path("vcenters").get(0);
  }

  @Test
  void eachCycleReadsWhatIsNewThroughOneCollector() throws Exception {
    String vm = vms.get(2);
    List<Long> first = post(spec("kind", "powerOff", "vm", vm, "user", "erin"));
    assertThat(app.collectNow()).isTrue();
    List<Long> second = post(spec("kind", "powerOn", "vm", vm, "user", "erin"));
    assertThat(app.collectNow()).isTrue();
    assertThat(app.collectNow()).isTrue();
    List<Long> all = keys(events("?limit=5000&user=erin"));
    Map<Long, JsonNode> launched = launched();
    for (long k : concat(first, second)) {
      assertThat(all.contains(k)).as(launched.get(k).toString()).isEqualTo(KIND.containsKey(launched.get(k).path("type").asText()));
    }
    assertThat(app.simulator().events().path("collectors").asInt()).as("one collector, kept from cycle to cycle").isEqualTo(1);
    assertThat(status().path("events").path("state").asText()).isEqualTo("ok");
    assertThat(status().path("events").path("lastKey").asLong()).isEqualTo(app.simulator().events().path("events").findValues("key").stream()
        .filter(k -> KIND.containsKey(launched.get(k.asLong()).path("type").asText())).mapToLong(JsonNode::asLong).max().orElseThrow());
  }

  @Test
  void afterAnOutageALostSessionOrARestartReadingResumesWhereItStopped() throws Exception {
    String vm = vms.get(0);
    // vCenter unreachable for a cycle: what happens meanwhile is read once it is back
    app.simulator().control("{\"down\": true}");
    List<Long> duringOutage = post(spec("kind", "reset", "vm", vm, "user", "frank"));
    assertThat(app.collectNow()).isFalse();
    app.simulator().control("{\"down\": false}");
    assertThat(app.collectNow()).isTrue();
    assertThat(keys(events("?limit=5000&user=frank"))).containsAll(duringOutage);

    // vCenter forgets the session (a restart of vCenter): the collector went with it
    app.simulator().control("{\"dropSessions\": true}");
    List<Long> afterDrop = post(spec("kind", "reset", "vm", vm, "user", "frank"));
    assertThat(app.collectNow()).isTrue();
    assertThat(keys(events("?limit=5000&user=frank"))).containsAll(afterDrop);

    // vscope restarts, with events posted while it was stopping: read from the journal's last key on
    List<Long> beforeRestart = post(spec("kind", "reset", "vm", vm, "user", "frank"));
    app.restart();
    List<Long> answered = keys(events("?limit=5000&user=frank"));
    assertThat(answered).containsAll(beforeRestart).containsAll(afterDrop).containsAll(duringOutage);
    try (var days = java.nio.file.Files.list(app.dataDir().resolve("events").resolve("sim"))) {
      assertThat(days.map(p -> p.getFileName().toString())).isNotEmpty().allMatch(n -> n.matches("\\d{4}-\\d{2}-\\d{2}\\.jsonl"));
    }
    assertThat(app.simulator().events().path("collectors").asInt()).as("the stopped run's collector destroyed, or gone with its session")
        .isEqualTo(1);
  }

  @Test
  void aVcenterThatRefusesTheEventsSaysSoWhileTheRestOfCollectionCarriesOn() throws Exception {
    String vm = vms.get(1);
    app.simulator().control("{\"eventsRefused\": true}");
    try {
      List<Long> refused = post(spec("kind", "reset", "vm", vm, "user", "grace"));
      app.simulator().control(JSON.writeValueAsString(Map.of("renameVm", Map.of("moid", vm, "name", "renamed-while-refused"))));
      assertThat(app.collectNow()).as("the cycle succeeds").isTrue();
      JsonNode st = status();
      assertThat(st.path("state").asText()).isEqualTo("ok");
      assertThat(st.path("events").path("state").asText()).isEqualTo("refused");
      assertThat(st.path("events").path("error").asText()).contains("NoPermission");
      List<String> names = new ArrayList<>();
      app.getJson("/api/v1/vms").forEach(v -> names.add(v.path("name").asText()));
      assertThat(names).as("the inventory is collected all the same").contains("renamed-while-refused");

      app.simulator().control("{\"eventsRefused\": false}");
      assertThat(app.collectNow()).isTrue();
      assertThat(status().path("events").path("state").asText()).isEqualTo("ok");
      assertThat(status().path("events").path("error").isNull()).isTrue();
      assertThat(keys(events("?limit=5000&user=grace"))).as("read once allowed").containsAll(refused);
    } finally {
      app.simulator().control("{\"eventsRefused\": false}");
    }
  }

  @Test
  void filtersByTypeEntityUserTimeAndLimit() throws Exception {
    String vm = vms.get(0);
    String mover = vms.get(1);
    String from = hostOf(mover);
    String to = hosts.stream().filter(h -> !h.equals(from) && !h.equals(hosts.get(hosts.size() - 1))).findFirst().orElseThrow();
    post(spec("kind", "powerOff", "vm", vm, "user", "heidi"), spec("kind", "powerOn", "vm", vm, "user", "heidi"));
    List<Long> migration = post(spec("kind", "migrate", "vm", mover, "host", to, "user", "ivan"));
    post(spec("kind", "migrate", "vm", mover, "host", from, "user", "ivan"));
    assertThat(app.collectNow()).isTrue();
    dc = app.simulator().model().path("datacenters").get(0);
    Map<Long, JsonNode> launched = launched();

    JsonNode migrations = events("?type=migration&limit=5000");
    assertThat(migrations.size()).isGreaterThanOrEqualTo(2);
    migrations.forEach(r -> assertThat(r.path("type").asText()).isEqualTo("migration"));
    assertThat(events("?type=migration,reset&limit=5000")).allSatisfy(r -> assertThat(r.path("type").asText()).isIn("migration", "reset"));

    // a host's events: those about it and those that name it (a VM on it, a migration from or to it)
    Set<Long> expected = new HashSet<>();
    for (JsonNode e : launched.values()) {
      if (KIND.containsKey(e.path("type").asText())
          && List.of("host", "sourceHost", "entity").stream().anyMatch(f -> e.path(f).path("moid").asText().equals(from))) {
        expected.add(e.path("key").asLong());
      }
    }
    assertThat(new HashSet<>(keys(events("?limit=5000&entity=" + TestApp.enc("sim:" + from))))).isEqualTo(expected).containsAll(migration);

    List<Long> heidi = keys(events("?limit=5000&user=HEIDI"));
    assertThat(heidi).isNotEmpty().allSatisfy(k -> assertThat(launched.get(k).path("userName").asText()).isEqualTo("heidi"));

    // newest first; since and limit cut the list
    JsonNode all = events("?limit=5000");
    List<Instant> times = new ArrayList<>();
    all.forEach(r -> times.add(Instant.parse(r.path("time").asText())));
    assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    JsonNode newest = events("?limit=1");
    assertThat(newest.size()).isEqualTo(1);
    assertThat(newest.get(0).path("key").asLong()).isEqualTo(all.get(0).path("key").asLong());
    String since = launched.get(migration.get(0)).path("createdTime").asText();
    JsonNode recent = events("?limit=5000&since=" + TestApp.enc(since));
    assertThat(recent).isNotEmpty().allSatisfy(r -> assertThat(Instant.parse(r.path("time").asText())).isAfterOrEqualTo(Instant.parse(since)));
    assertThat(keys(recent)).containsAll(migration);
    String dcId = "sim:" + dc.path("moid").asText();
    assertThat(events("?limit=5000&datacenter=" + TestApp.enc(dcId)).size()).isEqualTo(all.size());
  }

  @Test
  void wrongParametersAreJson400sThatNameThem() throws Exception {
    Map<String, String> cases = Map.of(
        "?since=yesterday", "'since'",
        "?since=2026-13-45T00:00:00Z", "'since'",
        "?type=reboot", "'type'",
        "?type=powerOn,", "'type'",
        "?limit=0", "'limit'",
        "?limit=5001", "'limit'",
        "?limit=ten", "'limit'",
        "?entitty=sim:vm-1", "'entitty'",
        "?entity=sim:vm-1&datacenter=sim:datacenter-2", "'entity'");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      HttpResponse<String> r = app.get("/api/v1/events" + c.getKey());
      assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.path("error").asText()).isEqualTo("bad_request");
      assertThat(body.path("message").asText()).as(c.getKey()).contains(c.getValue());
      JsonNode french = JSON.readTree(app.get("/api/v1/events" + c.getKey(), "Accept-Language", "fr").body());
      assertThat(french.path("message").asText()).as(c.getKey()).contains(c.getValue()).isNotEqualTo(body.path("message").asText());
    }
    HttpResponse<String> unknownDc = app.get("/api/v1/events?datacenter=sim:no-such");
    assertThat(unknownDc.statusCode()).isEqualTo(404);
  }

  /**
   * A storm of events is read a cycle's share at a time (pagesPerCycle pages of pageSize), each
   * cycle succeeding and the status saying that more wait, until it is all read.
   */
  @Test
  void aStormOfEventsIsReadOverSeveralCyclesNoneHeldUp() throws Exception {
    try (TestApp small = TestApp.startWithEvents(new dev.vscope.config.EventsConfig(null, 50, 2), "-dc", "1", "-cluster", "1", "-host", "1",
        "-standalone-host", "0", "-vm", "2", "-ds", "1")) {
      String vm = small.simulator().model().path("datacenters").get(0).path("vms").get(0).path("moid").asText();
      String keys = small.simulator().control(JSON.writeValueAsString(Map.of("postEvents",
          List.of(Map.of("kind", "burst", "vm", vm, "count", 450, "user", "storm"))))).path("eventKeys").asText();
      assertThat(keys.split(",")).hasSize(450);
      for (int cycle = 1; cycle <= 5; cycle++) {
        assertThat(small.collectNow()).as("cycle " + cycle).isTrue();
        JsonNode rows = small.getJson("/api/v1/events?limit=5000&user=storm");
        assertThat(rows.size()).as("after cycle " + cycle).isEqualTo(Math.min(100 * cycle, 450));
        JsonNode st = small.getJson("/api/v1/status").path("vcenters").get(0);
        assertThat(st.path("state").asText()).isEqualTo("ok");
        assertThat(st.path("events").path("state").asText()).as("after cycle " + cycle).isEqualTo(cycle < 5 ? "behind" : "ok");
      }
      assertThat(keys(small.getJson("/api/v1/events?limit=5000&user=storm"))).hasSize(450);
    }
  }

  private static List<Long> concat(List<Long> a, List<Long> b) {
    List<Long> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
