package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The health checks (issue 13) against the simulator, whose launcher gives the inventory a case of
 * every check and lists each one's inputs in its model (healthmodel.go): Tools, CPU ready per
 * sample, memory pressure, datastore space, host states and NICs, BIOS and instance UUIDs, MACs,
 * guest IPs, ESXi builds and ISOs. The expected findings are computed here from the model with the
 * documented rules, per datacenter, for the administrator and for a user who may see one host.
 */
class HealthIT {

  static final ObjectMapper json = new ObjectMapper();
  static final List<String> OUTDATED = List.of("guestToolsNeedUpgrade", "guestToolsTooOld", "guestToolsSupportedOld", "guestToolsBlacklisted");
  static final List<String> CHECKS = List.of("vmTools", "cpuReady", "memoryPressure", "datastoreUsed", "datastoreProvisioned",
      "hostDisconnected", "hostMaintenance", "hostNicDown", "duplicateBiosUuid", "duplicateInstanceUuid", "duplicateMac", "duplicateIp",
      "mixedBuilds", "isoMounted", "oldSnapshot", "consolidationNeeded");
  static TestApp app;
  static HttpClient http;
  static JsonNode model;
  static String admin;
  /** The host alice may see: that of the first VM of the first datacenter, whose BIOS UUID another VM, elsewhere, has too. */
  static String aliceHost;

  @BeforeAll
  static void start() throws Exception {
    // two datacenters of 7 hosts (one disconnected, one in maintenance), 17 VMs and 4 datastores each
    app = TestApp.startWithLogin(Clock.systemUTC(), "-dc", "2", "-cluster", "2", "-host", "3", "-standalone-host", "1", "-vm", "6", "-ds", "4");
    model = app.simulator().model();
    aliceHost = model.path("datacenters").get(0).path("vms").get(0).path("host").asText();
    app.simulator().control(json.writeValueAsString(Map.of("users", List.of(
        Map.of("username", "alice", "password", "alice-pass", "see", List.of(aliceHost))))));
    http = HttpClient.newBuilder().sslContext(app.serverTls()).build();
    admin = login(app.simulator().username(), app.simulator().password());
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  static String login(String user, String password) throws Exception {
    return app.login(http, user, password);
  }

  static HttpResponse<String> get(String cookie, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).header("Cookie", cookie);
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The health answer, check id → its JSON, in the answer's order. */
  static Map<String, JsonNode> health(String cookie, String datacenterMoid) throws Exception {
    HttpResponse<String> r = get(cookie, "/api/v1/health?datacenter=" + TestApp.enc("sim:" + datacenterMoid));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Map<String, JsonNode> out = new LinkedHashMap<>();
    json.readTree(r.body()).forEach(c -> out.put(c.path("check").asText(), c));
    return out;
  }

  static Set<String> entityIds(JsonNode check) {
    Set<String> ids = new TreeSet<>();
    check.path("entities").forEach(e -> ids.add(e.path("id").asText()));
    return ids;
  }

  // ---------- the expected findings, from the model ----------

  static boolean on(JsonNode vm) {
    return vm.path("powerState").asText().equals("poweredOn");
  }

  static String id(JsonNode entity) {
    return "sim:" + entity.path("moid").asText();
  }

  static double cpuReadyPercent(JsonNode vm) {
    // cpu.ready.summation: milliseconds of ready time per 20-s sample, over all vCPUs
    return vm.path("health").path("cpuReadyMs").asDouble() * 100 / (20_000.0 * vm.path("numCpu").asInt());
  }

  static double usedPercent(JsonNode ds) {
    return 100.0 * (ds.path("capacityBytes").asDouble() - ds.path("freeBytes").asDouble()) / ds.path("capacityBytes").asDouble();
  }

  static double provisionedPercent(JsonNode ds) {
    double c = ds.path("capacityBytes").asDouble();
    return 100.0 * (c - ds.path("freeBytes").asDouble() + ds.path("uncommittedBytes").asDouble()) / c;
  }

  /** Each VM's values of one identity, over the whole vCenter (duplicates are per vCenter). */
  static Map<String, List<String>> holders(String check) {
    Map<String, List<String>> byValue = new HashMap<>();
    for (JsonNode dc : model.path("datacenters")) {
      for (JsonNode vm : dc.path("vms")) {
        for (String v : identities(vm, check)) {
          byValue.computeIfAbsent(v, k -> new ArrayList<>()).add(id(vm));
        }
      }
    }
    return byValue;
  }

  static List<String> identities(JsonNode vm, String check) {
    JsonNode h = vm.path("health");
    List<String> out = new ArrayList<>();
    switch (check) {
      case "duplicateBiosUuid" -> out.add(h.path("biosUuid").asText().toLowerCase(Locale.ROOT));
      case "duplicateInstanceUuid" -> out.add(h.path("instanceUuid").asText().toLowerCase(Locale.ROOT));
      case "duplicateMac" -> h.path("macs").forEach(m -> out.add(m.asText().toLowerCase(Locale.ROOT)));
      case "duplicateIp" -> {
        if (on(vm) && !h.path("ipAddress").asText().isEmpty()) {
          out.add(h.path("ipAddress").asText());
        }
      }
      default -> throw new IllegalArgumentException(check);
    }
    out.removeIf(String::isEmpty);
    return out;
  }

  /** When the launcher took a VM's oldest snapshot; null without one. */
  static Instant oldestSnapshot(JsonNode vm) {
    Instant oldest = null;
    for (JsonNode snapshot : vm.path("snapshots").path("list")) {
      Instant created = Instant.parse(snapshot.path("created").asText());
      oldest = oldest == null || created.isBefore(oldest) ? created : oldest;
    }
    return oldest;
  }

  /** Check → the ids of one datacenter's entities that fail it, by the rules the operations guide states. */
  static Map<String, Set<String>> expected(JsonNode dc) {
    Map<String, Set<String>> out = new TreeMap<>();
    CHECKS.forEach(c -> out.put(c, new TreeSet<>()));
    for (JsonNode vm : dc.path("vms")) {
      if (on(vm) && (vm.path("toolsRunningStatus").asText().equals("guestToolsNotRunning")
          || OUTDATED.contains(vm.path("toolsVersionStatus").asText()))) {
        out.get("vmTools").add(id(vm));
      }
      if (on(vm) && cpuReadyPercent(vm) > 5) {
        out.get("cpuReady").add(id(vm));
      }
      if (on(vm) && (vm.path("memory").path("balloonedKB").asLong() > 0 || vm.path("memory").path("swappedKB").asLong() > 0)) {
        out.get("memoryPressure").add(id(vm));
      }
      if (vm.path("health").path("isos").size() > 0) {
        out.get("isoMounted").add(id(vm));
      }
      Instant oldest = oldestSnapshot(vm);
      if (oldest != null && Duration.between(oldest, Instant.now()).toSeconds() > 7 * 86_400) {
        out.get("oldSnapshot").add(id(vm));
      }
      if (vm.path("snapshots").path("consolidationNeeded").asBoolean()) {
        out.get("consolidationNeeded").add(id(vm));
      }
      for (String check : List.of("duplicateBiosUuid", "duplicateInstanceUuid", "duplicateMac", "duplicateIp")) {
        Map<String, List<String>> holders = holders(check);
        if (identities(vm, check).stream().anyMatch(v -> holders.get(v).size() > 1)) {
          out.get(check).add(id(vm));
        }
      }
    }
    for (JsonNode ds : dc.path("datastores")) {
      if (ds.path("capacityBytes").asLong() > 0 && usedPercent(ds) > 85) {
        out.get("datastoreUsed").add(id(ds));
      }
      if (ds.path("capacityBytes").asLong() > 0 && provisionedPercent(ds) > 150) {
        out.get("datastoreProvisioned").add(id(ds));
      }
    }
    Map<String, String> builds = new HashMap<>();
    for (JsonNode h : dc.path("hosts")) {
      String state = h.path("connectionState").asText();
      if (state.equals("disconnected") || state.equals("notResponding")) {
        out.get("hostDisconnected").add(id(h));
      }
      if (h.path("inMaintenanceMode").asBoolean()) {
        out.get("hostMaintenance").add(id(h));
      }
      boolean nicDown = false;
      for (JsonNode n : h.path("nics")) {
        nicDown |= !n.path("up").asBoolean();
      }
      if (state.equals("connected") && nicDown) {
        out.get("hostNicDown").add(id(h));
      }
      builds.put(h.path("moid").asText(), h.path("health").path("build").asText());
    }
    for (JsonNode c : dc.path("clusters")) {
      Set<String> distinct = new HashSet<>();
      c.path("hosts").forEach(h -> distinct.add(builds.get(h.asText())));
      if (distinct.size() > 1) {
        out.get("mixedBuilds").add(id(c));
      }
    }
    return out;
  }

  // ---------- tests ----------

  @Test
  void everyCheckFindsWhatTheModelHolds() throws Exception {
    Set<String> found = new HashSet<>();
    for (JsonNode dc : model.path("datacenters")) {
      Map<String, JsonNode> answer = health(admin, dc.path("moid").asText());
      Map<String, Set<String>> expected = expected(dc);
      assertThat(answer.keySet()).as("every check, passing or not").containsExactlyInAnyOrderElementsOf(CHECKS);
      for (String check : CHECKS) {
        JsonNode c = answer.get(check);
        assertThat(entityIds(c)).as(dc.path("name").asText() + " " + check).isEqualTo(expected.get(check));
        assertThat(c.path("count").asInt()).as(check).isEqualTo(expected.get(check).size());
        assertThat(c.path("severity").asText()).as(check).isIn("warning", "critical");
        assertThat(c.path("title").asText()).as(check).isNotBlank();
        if (!expected.get(check).isEmpty()) {
          found.add(check);
        }
      }
      // failing checks first, the critical ones before the warnings
      List<JsonNode> order = new ArrayList<>(answer.values());
      for (int i = 1; i < order.size(); i++) {
        JsonNode a = order.get(i - 1);
        JsonNode b = order.get(i);
        int rankA = a.path("count").asInt() == 0 ? 2 : a.path("severity").asText().equals("critical") ? 0 : 1;
        int rankB = b.path("count").asInt() == 0 ? 2 : b.path("severity").asText().equals("critical") ? 0 : 1;
        assertThat(rankA).as(a.path("check") + " before " + b.path("check")).isLessThanOrEqualTo(rankB);
      }
    }
    assertThat(found).as("the simulator has a case of every check").containsExactlyInAnyOrderElementsOf(CHECKS);
  }

  @Test
  void detailsSayWhy() throws Exception {
    JsonNode dc = model.path("datacenters").get(0);
    Map<String, JsonNode> answer = health(admin, dc.path("moid").asText());
    Map<String, JsonNode> vms = byId(dc.path("vms"));
    Map<String, String> names = new HashMap<>();
    for (JsonNode d : model.path("datacenters")) {
      d.path("vms").forEach(vm -> names.put(id(vm), vm.path("name").asText()));
    }
    for (JsonNode e : answer.get("cpuReady").path("entities")) {
      assertThat(e.path("detail").asText()).startsWith(String.format(Locale.ENGLISH, "%.1f%% per vCPU", cpuReadyPercent(vms.get(e.path("id").asText()))));
    }
    for (JsonNode e : answer.get("oldSnapshot").path("entities")) {
      JsonNode vm = vms.get(e.path("id").asText());
      long days = Duration.between(oldestSnapshot(vm), Instant.now()).toDays();
      assertThat(e.path("detail").asText()).as("the oldest snapshot's age in whole days, and how many")
          .startsWith("oldest " + days + " days, " + vm.path("snapshots").path("list").size() + " snapshot");
    }
    for (JsonNode e : answer.get("isoMounted").path("entities")) {
      assertThat(e.path("detail").asText()).isEqualTo(vms.get(e.path("id").asText()).path("health").path("isos").get(0).asText());
    }
    Map<String, List<String>> macs = holders("duplicateMac");
    for (JsonNode e : answer.get("duplicateMac").path("entities")) {
      String mac = vms.get(e.path("id").asText()).path("health").path("macs").get(0).asText();
      List<String> others = new ArrayList<>(macs.get(mac));
      others.remove(e.path("id").asText());
      assertThat(e.path("detail").asText()).as("the MAC, and the VM that has it too")
          .isEqualTo(mac + " — also on " + others.stream().map(names::get).sorted().reduce((a, b) -> a + ", " + b).orElseThrow());
    }
    for (JsonNode e : answer.get("memoryPressure").path("entities")) {
      JsonNode memory = vms.get(e.path("id").asText()).path("memory");
      assertThat(e.path("detail").asText().contains("ballooned ")).isEqualTo(memory.path("balloonedKB").asLong() > 0);
      assertThat(e.path("detail").asText().contains("swapped ")).isEqualTo(memory.path("swappedKB").asLong() > 0);
    }
    Map<String, JsonNode> datastores = byId(dc.path("datastores"));
    for (JsonNode e : answer.get("datastoreUsed").path("entities")) {
      assertThat(e.path("detail").asText()).startsWith(String.format(Locale.ENGLISH, "%.1f%% used", usedPercent(datastores.get(e.path("id").asText()))));
    }
    Map<String, JsonNode> hosts = byId(dc.path("hosts"));
    for (JsonNode e : answer.get("hostNicDown").path("entities")) {
      List<String> down = new ArrayList<>();
      hosts.get(e.path("id").asText()).path("nics").forEach(n -> {
        if (!n.path("up").asBoolean()) {
          down.add(n.path("device").asText());
        }
      });
      assertThat(e.path("detail").asText()).isEqualTo("link down: " + String.join(", ", down));
    }
    for (JsonNode e : answer.get("mixedBuilds").path("entities")) {
      Set<String> builds = new TreeSet<>();
      dc.path("hosts").forEach(h -> builds.add(h.path("health").path("build").asText()));
      assertThat(e.path("detail").asText()).startsWith("ESXi builds ").contains(builds);
    }
    // every entity carries its name as the inventory has it
    for (JsonNode c : answer.values()) {
      for (JsonNode e : c.path("entities")) {
        assertThat(e.path("name").asText()).isNotBlank();
      }
    }
  }

  static Map<String, JsonNode> byId(JsonNode list) {
    Map<String, JsonNode> out = new HashMap<>();
    list.forEach(n -> out.put(id(n), n));
    return out;
  }

  /**
   * A user who may see one host sees only its findings among the administrator's, counted alone;
   * the BIOS UUID of one of its VMs is shared with a VM of a host hidden from them: the visible VM
   * is flagged, the hidden one neither listed nor named.
   */
  @Test
  void aRestrictedUserSeesOnlyTheirPart() throws Exception {
    String alice = login("alice", "alice-pass");
    Set<String> visible = new HashSet<>();
    for (JsonNode dc : app.simulator().model("alice").path("datacenters")) {
      for (String kind : List.of("hosts", "vms", "datastores", "clusters")) {
        dc.path(kind).forEach(e -> visible.add(id(e)));
      }
    }
    JsonNode dc = model.path("datacenters").get(0);
    Map<String, JsonNode> answer = health(alice, dc.path("moid").asText());
    Map<String, Set<String>> expected = expected(dc);
    int shown = 0;
    for (String check : CHECKS) {
      Set<String> mine = new TreeSet<>(expected.get(check));
      mine.retainAll(visible);
      assertThat(entityIds(answer.get(check))).as(check).isEqualTo(mine);
      assertThat(answer.get(check).path("count").asInt()).as(check).isEqualTo(mine.size());
      shown += mine.size();
    }
    assertThat(shown).as("alice has findings").isPositive();

    Set<String> hiddenNames = new HashSet<>();
    for (JsonNode d : model.path("datacenters")) {
      d.path("vms").forEach(vm -> {
        if (!visible.contains(id(vm))) {
          hiddenNames.add(vm.path("name").asText());
        }
      });
    }
    for (JsonNode c : answer.values()) {
      for (JsonNode e : c.path("entities")) {
        for (String hidden : hiddenNames) {
          assertThat(Pattern.compile("(?<![\\w])" + Pattern.quote(hidden) + "(?![\\w])").matcher(e.path("detail").asText()).find())
              .as(e.path("detail").asText() + " names " + hidden).isFalse();
        }
      }
    }
    JsonNode first = dc.path("vms").get(0);
    List<JsonNode> vms = new ArrayList<>();
    dc.path("vms").forEach(vms::add);
    JsonNode partner = vms.get(vms.size() - 1);
    assertThat(partner.path("health").path("biosUuid")).isEqualTo(first.path("health").path("biosUuid"));
    assertThat(visible).contains(id(first)).doesNotContain(id(partner));
    JsonNode flagged = null;
    for (JsonNode e : answer.get("duplicateBiosUuid").path("entities")) {
      if (e.path("id").asText().equals(id(first))) {
        flagged = e;
      }
    }
    assertThat(flagged).as("the visible VM of the pair is flagged").isNotNull();
    assertThat(flagged.path("detail").asText()).isEqualTo(first.path("health").path("biosUuid").asText() + " — also elsewhere in this vCenter");

    // a datacenter alice may not see is answered as an unknown one
    String other = "sim:" + model.path("datacenters").get(1).path("moid").asText();
    HttpResponse<String> hidden = get(alice, "/api/v1/health?datacenter=" + TestApp.enc(other));
    HttpResponse<String> unknown = get(alice, "/api/v1/health?datacenter=sim:datacenter-0");
    assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(404).isEqualTo(unknown.statusCode());
    assertThat(json.readTree(hidden.body()).path("message").asText().replace(other, "sim:datacenter-0"))
        .isEqualTo(json.readTree(unknown.body()).path("message").asText());
    // and without a datacenter, everything alice may see: the first datacenter's findings only
    HttpResponse<String> all = get(alice, "/api/v1/health");
    assertThat(all.statusCode()).isEqualTo(200);
    Set<String> everywhere = new TreeSet<>();
    json.readTree(all.body()).forEach(c -> everywhere.addAll(entityIds(c)));
    Set<String> inFirst = new TreeSet<>();
    answer.values().forEach(c -> inFirst.addAll(entityIds(c)));
    assertThat(everywhere).isEqualTo(inFirst);
  }

  @Test
  void withoutADatacenterEveryDatacenterIsChecked() throws Exception {
    HttpResponse<String> r = get(admin, "/api/v1/health");
    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, Set<String>> all = new TreeMap<>();
    json.readTree(r.body()).forEach(c -> all.put(c.path("check").asText(), entityIds(c)));
    for (String check : CHECKS) {
      Set<String> expected = new TreeSet<>();
      for (JsonNode dc : model.path("datacenters")) {
        expected.addAll(expected(dc).get(check));
      }
      assertThat(all.get(check)).as(check).isEqualTo(expected);
    }
  }

  @Test
  void titlesAndDetailsInTheCallersLanguage() throws Exception {
    String dc = TestApp.enc("sim:" + model.path("datacenters").get(0).path("moid").asText());
    HttpResponse<String> fr = get(admin, "/api/v1/health?datacenter=" + dc, "Accept-Language", "fr-FR,fr;q=0.9");
    assertThat(fr.statusCode()).isEqualTo(200);
    assertThat(fr.headers().allValues("Vary").toString()).contains("Accept-Language");
    for (JsonNode c : json.readTree(fr.body())) {
      if (c.path("check").asText().equals("hostMaintenance")) {
        assertThat(c.path("title").asText()).isEqualTo("Hôtes en mode maintenance");
        assertThat(c.path("entities").get(0).path("detail").asText()).isEqualTo("en mode maintenance");
      }
      if (c.path("check").asText().equals("cpuReady")) {
        assertThat(c.path("title").asText()).isEqualTo("CPU ready au-dessus de 5\u202f% par vCPU sur la dernière heure");
        assertThat(c.path("entities").get(0).path("detail").asText()).matches("\\d+,\\d\u202f% par vCPU .*");
      }
    }
    HttpResponse<String> en = get(admin, "/api/v1/health?datacenter=" + dc);
    assertThat(json.readTree(en.body()).findValuesAsText("title")).contains("Hosts in maintenance mode", "CPU ready above 5% per vCPU over the last hour");
  }

  @Test
  void badInputIsAJson400Or404() throws Exception {
    HttpResponse<String> unknownParameter = get(admin, "/api/v1/health?datacentre=x");
    assertThat(unknownParameter.statusCode()).isEqualTo(400);
    assertThat(unknownParameter.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    assertThat(json.readTree(unknownParameter.body()).path("error").asText()).isEqualTo("bad_request");
    assertThat(json.readTree(unknownParameter.body()).path("message").asText()).isEqualTo("unknown parameter 'datacentre'");
    HttpResponse<String> french = get(admin, "/api/v1/health?datacentre=x", "Accept-Language", "fr");
    assertThat(json.readTree(french.body()).path("message").asText()).isEqualTo("paramètre 'datacentre' inconnu");
    HttpResponse<String> hostile = get(admin, "/api/v1/health?" + TestApp.enc("<script>") + "=1");
    assertThat(hostile.statusCode()).isEqualTo(400);
    assertThat(hostile.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");

    HttpResponse<String> unknownDc = get(admin, "/api/v1/health?datacenter=sim:datacenter-0");
    assertThat(unknownDc.statusCode()).isEqualTo(404);
    assertThat(json.readTree(unknownDc.body()).path("error").asText()).isEqualTo("not_found");
    assertThat(get(admin, "/api/v1/health?datacenter=" + "x".repeat(600)).statusCode()).isEqualTo(400);
  }
}
