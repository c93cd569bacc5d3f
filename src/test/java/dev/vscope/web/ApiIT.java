package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.Json;
import dev.vscope.testing.TestApp;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON API on a real server, fed by a collector reading the simulator. */
class ApiIT {

  static TestApp app;
  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start("-dc", "2", "-cluster", "1", "-host", "2", "-standalone-host", "1", "-vm", "2", "-ds", "2");
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  @Test
  void datacentersMatchTheSimulator() throws Exception {
    JsonNode model = app.simulator().model();
    JsonNode dcs = app.getJson("/api/v1/datacenters");
    assertThat(dcs.size()).isEqualTo(model.path("datacenters").size());
    for (JsonNode m : model.path("datacenters")) {
      JsonNode dc = find(dcs, "sim:" + m.path("moid").asText());
      assertThat(dc.path("name").asText()).isEqualTo(m.path("name").asText());
      assertThat(dc.path("vcenter").asText()).isEqualTo("sim");
      assertThat(dc.path("hosts").asInt()).isEqualTo(m.path("hosts").size());
      assertThat(dc.path("vms").asInt()).isEqualTo(m.path("vms").size());
      assertThat(dc.path("datastores").asInt()).isEqualTo(m.path("datastores").size());
    }
  }

  @Test
  void listsFilterByDatacenterAndCarryLatestValues() throws Exception {
    JsonNode model = app.simulator().model();
    JsonNode first = model.path("datacenters").get(0);
    String dcId = "sim:" + first.path("moid").asText();
    JsonNode vms = app.getJson("/api/v1/vms?datacenter=" + TestApp.enc(dcId));
    assertThat(vms.size()).isEqualTo(first.path("vms").size());
    Set<String> expected = new HashSet<>();
    first.path("vms").forEach(v -> expected.add("sim:" + v.path("moid").asText()));
    Set<String> actual = new HashSet<>();
    vms.forEach(v -> actual.add(v.path("id").asText()));
    assertThat(actual).isEqualTo(expected);

    int withValues = 0;
    for (JsonNode v : vms) {
      assertThat(v.path("datacenter").asText()).isEqualTo(dcId);
      if (v.path("powerState").asText().equals("poweredOn")) {
        assertThat(v.path("cpuUsagePercent").isNumber()).as(v.toString()).isTrue();
        withValues++;
      }
      for (String f : new String[] {"cpuUsagePercent", "memUsagePercent", "cpuReadyPercent"}) {
        if (v.path(f).isNumber()) {
          assertThat(v.path(f).asDouble()).as(f).isBetween(0.0, 100.0);
        }
      }
      for (String f : new String[] {"netRxKBps", "netTxKBps", "diskReadKBps", "diskWriteKBps", "diskReadIops", "diskWriteIops", "diskLatencyMs"}) {
        if (v.path(f).isNumber()) {
          assertThat(v.path(f).asDouble()).as(f).isGreaterThanOrEqualTo(0.0);
        }
      }
    }
    assertThat(withValues).isPositive();
    assertThat(app.getJson("/api/v1/vms").size()).isEqualTo(countAll(model, "vms"));
    assertThat(app.getJson("/api/v1/hosts").size()).isEqualTo(countAll(model, "hosts"));
    assertThat(app.getJson("/api/v1/datastores").size()).isEqualTo(countAll(model, "datastores"));
    for (JsonNode d : app.getJson("/api/v1/datastores")) {
      assertThat(d.path("usedPercent").asDouble()).isBetween(0.0, 100.0);
    }
  }

  @Test
  void entityAndSeries() throws Exception {
    JsonNode host = app.getJson("/api/v1/hosts").get(0);
    JsonNode e = app.getJson("/api/v1/entities/" + TestApp.enc(host.path("id").asText()));
    assertThat(e.path("type").asText()).isEqualTo("host");
    assertThat(e.path("name").asText()).isEqualTo(host.path("name").asText());
    Set<String> metrics = new HashSet<>();
    e.path("metrics").forEach(m -> metrics.add(m.path("name").asText()));
    assertThat(metrics).contains("cpu.usage", "mem.usage", "net.rx", "net.tx");

    JsonNode s = app.getJson("/api/v1/series?entity=" + TestApp.enc(host.path("id").asText()) + "&metric=cpu.usage&range=hour");
    assertThat(s.path("step").asInt()).isEqualTo(20);
    assertThat(s.path("points").size()).isEqualTo(180);
    assertThat(s.path("unit").asText()).isEqualTo("percent");
    int known = 0;
    for (JsonNode p : s.path("points")) {
      if (!p.get(1).isNull()) {
        known++;
        assertThat(p.get(1).asDouble()).isBetween(0.0, 100.0);
        assertThat(p.get(2).asDouble()).isGreaterThanOrEqualTo(p.get(1).asDouble() - 1e-9);
      }
    }
    assertThat(known).as("the first cycle backfills the hour").isGreaterThan(100);
    assertThat(app.getJson("/api/v1/series?entity=" + TestApp.enc(host.path("id").asText()) + "&metric=cpu.usage&range=year").path("points").size()).isEqualTo(365);
  }

  /** The list as a fresh serialization of the collector's current snapshot would have it, bypassing the cache. */
  static byte[] fresh(String list, String datacenter) throws Exception {
    InventoryView view = new InventoryView(() -> List.of(app.snapshot()));
    Object rows = switch (list) {
      case "hosts" -> view.hosts(Viewer.ALL, datacenter);
      case "datastores" -> view.datastores(Viewer.ALL, datacenter);
      default -> view.vms(Viewer.ALL, datacenter);
    };
    return Json.mapper().writeValueAsBytes(rows);
  }

  static HttpResponse<byte[]> getBytes(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.baseUrl() + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Every list, for all datacenters and for each one. */
  static List<String[]> lists() throws Exception {
    List<String[]> out = new ArrayList<>();
    for (String list : List.of("hosts", "datastores", "vms")) {
      out.add(new String[] {list, null});
      for (JsonNode dc : app.getJson("/api/v1/datacenters")) {
        out.add(new String[] {list, dc.path("id").asText()});
      }
    }
    return out;
  }

  static String path(String[] list) {
    return "/api/v1/" + list[0] + (list[1] == null ? "" : "?datacenter=" + TestApp.enc(list[1]));
  }

  @Test
  void cachedListsEqualAFreshSerializationAfterEachCycle() throws Exception {
    JsonNode vm = app.getJson("/api/v1/vms").get(0);
    String id = vm.path("id").asText();
    String moid = id.substring(id.indexOf(':') + 1);
    String original = vm.path("name").asText();
    Map<String, byte[]> before = new HashMap<>();
    for (String[] list : lists()) {
      HttpResponse<byte[]> r = getBytes(path(list));
      assertThat(r.body()).as(path(list)).isEqualTo(fresh(list[0], list[1]));
      assertThat(getBytes(path(list)).body()).as("asked again: " + path(list)).isEqualTo(r.body());
      before.put(path(list), r.body());
    }
    app.simulator().control(json.writeValueAsString(Map.of("renameVm", Map.of("moid", moid, "name", "renamed-for-the-cache"))));
    try {
      assertThat(app.collectNow()).isTrue();
      for (String[] list : lists()) {
        byte[] after = getBytes(path(list)).body();
        assertThat(after).as(path(list) + " after a cycle").isEqualTo(fresh(list[0], list[1]));
        if (list[0].equals("vms") && (list[1] == null || list[1].equals(vm.path("datacenter").asText()))) {
          assertThat(new String(after, StandardCharsets.UTF_8)).contains("\"renamed-for-the-cache\"").doesNotContain("\"" + original + "\"");
          assertThat(after).isNotEqualTo(before.get(path(list)));
        }
      }
    } finally {
      app.simulator().control(json.writeValueAsString(Map.of("renameVm", Map.of("moid", moid, "name", original))));
      app.collectNow();
    }
  }

  @Test
  void gzipAnswersDecodeToTheSameJson() throws Exception {
    for (String[] list : lists()) {
      String path = path(list);
      HttpResponse<byte[]> plain = getBytes(path);
      assertThat(plain.headers().firstValue("Content-Encoding")).as(path).isEmpty();
      assertThat(plain.headers().firstValueAsLong("Content-Length")).as(path).hasValue(plain.body().length);
      assertThat(plain.headers().allValues("Vary")).as(path).anyMatch(v -> v.contains("Accept-Encoding"));
      json.readTree(plain.body());

      HttpResponse<byte[]> gzip = getBytes(path, "Accept-Encoding", "gzip, deflate, br");
      assertThat(gzip.statusCode()).isEqualTo(200);
      assertThat(gzip.headers().firstValue("Content-Encoding")).as(path).hasValue("gzip");
      assertThat(gzip.headers().firstValueAsLong("Content-Length")).as(path).hasValue(gzip.body().length);
      assertThat(gzip.headers().allValues("Vary")).as(path).anyMatch(v -> v.contains("Accept-Encoding"));
      assertThat(gzip.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
        // decoded once, it is the JSON itself: not compressed a second time on the way out
        assertThat(in.readAllBytes()).as(path).isEqualTo(plain.body());
      }
      assertThat(getBytes(path, "Accept-Encoding", "gzip;q=0, identity").headers().firstValue("Content-Encoding")).as(path).isEmpty();
    }
    HttpResponse<byte[]> big = getBytes("/api/v1/vms", "Accept-Encoding", "gzip");
    assertThat(big.body().length).isLessThan(getBytes("/api/v1/vms").body().length);
  }

  @Test
  void entityTagsAnswer304UntilTheListChanges() throws Exception {
    HttpResponse<byte[]> first = getBytes("/api/v1/vms");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).matches("\"[A-Za-z0-9_-]+\"");
    HttpResponse<byte[]> gzip = getBytes("/api/v1/vms", "Accept-Encoding", "gzip");
    String gzipEtag = gzip.headers().firstValue("ETag").orElseThrow();
    assertThat(gzipEtag).isNotEqualTo(etag);

    HttpResponse<byte[]> same = getBytes("/api/v1/vms", "If-None-Match", etag);
    assertThat(same.statusCode()).isEqualTo(304);
    assertThat(same.body()).isEmpty();
    assertThat(same.headers().firstValue("ETag")).hasValue(etag);
    assertThat(getBytes("/api/v1/vms", "If-None-Match", gzipEtag, "Accept-Encoding", "gzip").statusCode()).isEqualTo(304);
    assertThat(getBytes("/api/v1/vms", "If-None-Match", "\"other\", " + gzipEtag).statusCode()).isEqualTo(304);
    assertThat(getBytes("/api/v1/vms", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    assertThat(getBytes("/api/v1/hosts", "If-None-Match", etag).statusCode()).as("another list").isEqualTo(200);

    JsonNode vm = json.readTree(first.body()).get(0);
    String id = vm.path("id").asText();
    String moid = id.substring(id.indexOf(':') + 1);
    app.simulator().control(json.writeValueAsString(Map.of("renameVm", Map.of("moid", moid, "name", "renamed-for-the-tag"))));
    try {
      assertThat(app.collectNow()).isTrue();
      HttpResponse<byte[]> changed = getBytes("/api/v1/vms", "If-None-Match", etag);
      assertThat(changed.statusCode()).isEqualTo(200);
      assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
      assertThat(new String(changed.body(), StandardCharsets.UTF_8)).contains("\"renamed-for-the-tag\"");
    } finally {
      app.simulator().control(json.writeValueAsString(Map.of("renameVm", Map.of("moid", moid, "name", vm.path("name").asText()))));
      app.collectNow();
    }
  }

  @Test
  void errorsAreJsonWithTheRightStatus() throws Exception {
    expectError("/api/v1/entities/" + TestApp.enc("sim:vm-does-not-exist"), 404);
    expectError("/api/v1/series?entity=sim:host-1", 400);
    expectError("/api/v1/series?entity=sim:host-1&metric=cpu.usage&range=decade", 400);
    expectError("/api/v1/vms?datacenter=" + TestApp.enc("sim:datacenter-404"), 404);
    expectError("/api/v1/nope", 404);
    expectError("/api/v1/vms?datacenter=" + "x".repeat(600), 400);
  }

  @Test
  void aMisspeltParameterIsNamedNotIgnored() throws Exception {
    String host = app.snapshot().inventory().datacenters().get(0).hosts().get(0).id();
    String datastore = app.snapshot().inventory().datacenters().get(0).datastores().get(0).id();
    Map<String, String> misspelt = new java.util.LinkedHashMap<>();
    misspelt.put("/api/v1/vms?datacentre=x", "datacentre");
    misspelt.put("/api/v1/hosts?dc=x", "dc");
    misspelt.put("/api/v1/datastores?datacenter=x&limit=5", "limit");
    misspelt.put("/api/v1/datacenters?all=1", "all");
    misspelt.put("/api/v1/datastores/vms?datastore=" + TestApp.enc(datastore) + "&sort=name", "sort");
    misspelt.put("/api/v1/entities?id=" + TestApp.enc(host) + "&ids=x", "ids");
    misspelt.put("/api/v1/series?entity=" + TestApp.enc(host) + "&metric=cpu.usage&rnage=year", "rnage");
    misspelt.put("/api/v1/status?verbose=1", "verbose");
    misspelt.put("/api/v1/settings?lang=fr", "lang");
    misspelt.put("/api/v1/alerts?sate=firing", "sate");
    misspelt.put("/api/v1/rules?all=1", "all");
    misspelt.put("/api/v1/silences?active=1", "active");
    misspelt.put("/api/v1/session?user=x", "user");
    for (Map.Entry<String, String> e : misspelt.entrySet()) {
      HttpResponse<String> r = app.get(e.getKey());
      assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
      assertThat(json.readTree(r.body()).path("message").asText()).as(e.getKey()).isEqualTo("unknown parameter '" + e.getValue() + "'");
    }
    // the same questions, spelt right, answer
    assertThat(app.get("/api/v1/series?entity=" + TestApp.enc(host) + "&metric=cpu.usage&range=year").statusCode()).isEqualTo(200);
    assertThat(app.get("/api/v1/datastores/vms?datastore=" + TestApp.enc(datastore)).statusCode()).isEqualTo(200);
    assertThat(app.get("/api/v1/alerts?state=firing").statusCode()).isEqualTo(200);
  }

  @Test
  void securityHeadersOnEveryKindOfResponse() throws Exception {
    for (String path : new String[] {"/api/v1/vms", "/api/v1/nope", "/index.html", "/no-such-page"}) {
      HttpResponse<String> r = app.get(path);
      assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).as(path).contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
      assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
    }
  }

  /** The pages made from the one template (PageTemplate) are served as static files are: revalidated, 304 while unchanged. */
  @Test
  void pagesAreServedWithTheirSharedHeadAndAnEtag() throws Exception {
    HttpResponse<String> root = app.get("/");
    HttpResponse<String> index = app.get("/index.html");
    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.body()).isEqualTo(index.body()).contains("<script type=\"module\" src=\"js/pages/overview.js\"></script>");
    for (String page : new String[] {"/hosts.html", "/filer.html", "/vms.html", "/status.html", "/entity.html", "/login.html"}) {
      HttpResponse<String> r = app.get(page);
      assertThat(r.statusCode()).as(page).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).as(page).startsWith("text/html");
      assertThat(r.headers().firstValue("Cache-Control")).as(page).hasValue("no-cache");
      assertThat(r.body()).as(page).startsWith("<!doctype html>").contains("<link rel=\"stylesheet\" href=\"css/vscope.css\">");
      String etag = r.headers().firstValue("ETag").orElseThrow();
      HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + page)).header("If-None-Match", etag).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(again.statusCode()).as(page).isEqualTo(304);
      assertThat(again.body()).isEmpty();
    }
    assertThat(app.get("/_layout.html").statusCode()).isEqualTo(404);
    assertThat(app.get("/pages/hosts.html").statusCode()).isEqualTo(404);
  }

  @Test
  void staticFilesStayInTheirFolder() throws Exception {
    for (String path : new String[] {"/../pom.xml", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fsimplelogger.properties", "/simplelogger.properties"}) {
      HttpResponse<String> r = app.get(path);
      assertThat(r.statusCode()).as(path).isIn(400, 404);
      assertThat(r.body()).doesNotContain("root:").doesNotContain("simpleLogger");
    }
  }

  private static void expectError(String path, int status) throws Exception {
    HttpResponse<String> r = app.get(path);
    assertThat(r.statusCode()).as(path).isEqualTo(status);
    JsonNode body = json.readTree(r.body());
    assertThat(body.path("error").asText()).isNotEmpty();
    assertThat(body.path("message").asText()).doesNotContain("Exception").doesNotContain("at dev.");
  }

  private static int countAll(JsonNode model, String field) {
    int n = 0;
    for (JsonNode dc : model.path("datacenters")) {
      n += dc.path(field).size();
    }
    return n;
  }

  private static JsonNode find(JsonNode array, String id) {
    for (JsonNode n : array) {
      if (n.path("id").asText().equals(id)) {
        return n;
      }
    }
    throw new AssertionError("no " + id + " in " + array);
  }
}
