package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.config.AlertsConfig;
import dev.vscope.config.RuleConfig;
import dev.vscope.config.ScopeConfig;
import dev.vscope.config.Severity;
import dev.vscope.testing.MutableClock;
import dev.vscope.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/alerts}, {@code rules} and {@code silences} with login, for two simulator users
 * with different permissions (as {@link VisibilityIT}): each sees the alerts of the hosts they may
 * see (from the simulator's model of each user), and places around them only as far as they may
 * see them; a rule's scope names only what they may see; a silence covers only places they may
 * see, shows only to those who may see all it covers, and is set and removed only from the same
 * origin.
 */
class AlertApiIT {

  static final ObjectMapper json = new ObjectMapper();
  static MutableClock clock;
  static TestApp app;
  static HttpClient http;
  static String alicesHost;
  static String bobsHost;
  static String alicesCluster;
  static String origin;

  @BeforeAll
  static void start() throws Exception {
    clock = new MutableClock(Instant.now());
    // the model's names are known before vscope starts: a rule can name alice's cluster
    String clusterName = "DC0_C0";
    RuleConfig hot = new RuleConfig("host-hot", "host", "cpu.usage", 90.0, null, null, Duration.ZERO, Severity.WARNING, null, null, 0);
    RuleConfig scoped = new RuleConfig("dc0-cluster", "host", "mem.usage", 99.5, null, null, Duration.ofMinutes(5), Severity.WARNING,
        new ScopeConfig(List.of("sim"), null, List.of(clusterName), null, null, null, null), null, 0);
    AlertsConfig alerts = new AlertsConfig(false, null, null, null, List.of(hot, scoped), null, null, null, "test");
    app = TestApp.startWithLoginAndAlerts(clock, alerts, "-dc", "2", "-cluster", "1", "-host", "2", "-standalone-host", "1", "-vm", "2", "-ds", "2");
    JsonNode model = app.simulator().model();
    JsonNode dc0 = model.path("datacenters").get(0);
    JsonNode dc1 = model.path("datacenters").get(1);
    assertThat(dc0.path("clusters").get(0).path("name").asText()).isEqualTo(clusterName);
    alicesCluster = "sim:" + dc0.path("clusters").get(0).path("moid").asText();
    for (JsonNode h : dc0.path("hosts")) {
      if (h.path("cluster").asText().equals(clusterName)) {
        alicesHost = h.path("moid").asText(); // a host of the cluster, which a silence of the cluster covers
      }
    }
    bobsHost = dc1.path("hosts").get(0).path("moid").asText();
    String bobsDatastore = dc1.path("datastores").get(0).path("moid").asText();
    app.simulator().control(json.writeValueAsString(Map.of("users", List.of(
        Map.of("username", "alice", "password", "alice-pass", "see", List.of(dc0.path("moid").asText())),
        Map.of("username", "bob", "password", "bob-pass", "see", List.of(bobsHost, bobsDatastore))))));
    // the two hosts over the threshold, every other one under it whatever the simulator's random data says
    for (JsonNode dc : model.path("datacenters")) {
      for (String host : dc.path("hosts").findValuesAsText("moid")) {
        int value = host.equals(alicesHost) || host.equals(bobsHost) ? 9900 : 1000;
        app.simulator().control("{\"setPerf\": {\"entity\": \"" + host + "\", \"counter\": \"cpu.usage.average\", \"value\": " + value + "}}");
      }
    }
    app.simulator().control("{\"clockOffsetSeconds\": 60}");
    assertThat(app.collectNow()).isTrue();
    app.alerts().evaluate();
    http = HttpClient.newBuilder().sslContext(app.serverTls()).build();
    origin = app.baseUrl().replace("127.0.0.1", "127.0.0.1");
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

  static JsonNode getJson(String cookie, String path) throws Exception {
    HttpResponse<String> r = get(cookie, path);
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  static HttpResponse<String> send(String method, String cookie, String path, String body, String origin) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).header("Cookie", cookie)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (origin != null) {
      b.header("Origin", origin);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static Set<String> ids(JsonNode list, String field) {
    Set<String> out = new HashSet<>();
    list.forEach(n -> out.add(n.path("target").path(field).asText()));
    return out;
  }

  /** The alerts of the host-hot rule (the other one's random data may hold a pending one too). */
  static JsonNode hot(JsonNode alerts) {
    com.fasterxml.jackson.databind.node.ArrayNode out = json.createArrayNode();
    alerts.forEach(a -> {
      if (a.path("rule").asText().equals("host-hot")) {
        out.add(a);
      }
    });
    return out;
  }

  /** The hosts a user may see, by the simulator's model of that user. */
  static Set<String> visibleHosts(String user) throws Exception {
    Set<String> out = new HashSet<>();
    for (JsonNode dc : app.simulator().model(user).path("datacenters")) {
      dc.path("hosts").forEach(h -> out.add("sim:" + h.path("moid").asText()));
    }
    return out;
  }

  @Test
  void eachUserSeesTheAlertsOfWhatTheyMaySee() throws Exception {
    String admin = login("user", "pass");
    assertThat(ids(hot(getJson(admin, "/api/v1/alerts?state=firing")), "id")).containsExactlyInAnyOrder("sim:" + alicesHost, "sim:" + bobsHost);
    for (String[] u : new String[][] {{"alice", "alice-pass"}, {"bob", "bob-pass"}}) {
      String cookie = login(u[0], u[1]);
      JsonNode alerts = hot(getJson(cookie, "/api/v1/alerts"));
      Set<String> expected = new HashSet<>(Set.of("sim:" + alicesHost, "sim:" + bobsHost));
      expected.retainAll(visibleHosts(u[0]));
      assertThat(ids(alerts, "id")).as(u[0]).isEqualTo(expected).hasSize(1);
      for (JsonNode a : alerts) {
        assertThat(a.path("value").asDouble()).as(a.toString()).isEqualTo(99.0);
        assertThat(a.path("state").asText()).isEqualTo("firing");
        // the places around the host: only those the user may see
        List<String> around = new ArrayList<>();
        a.path("target").path("clusters").forEach(c -> around.add(c.path("id").asText()));
        a.path("target").path("datastores").forEach(c -> around.add(c.path("id").asText()));
        for (String id : around) {
          assertThat(get(cookie, "/api/v1/entities?id=" + TestApp.enc(id)).statusCode()).as(u[0] + " sees " + id).isEqualTo(200);
        }
      }
    }
    String bob = login("bob", "bob-pass");
    JsonNode bobs = hot(getJson(bob, "/api/v1/alerts")).get(0);
    assertThat(bobs.path("target").path("datastores")).as("bob's host mounts more than bob may see").hasSize(1);
    HttpResponse<String> bad = get(bob, "/api/v1/alerts?state=loud", "Accept-Language", "fr");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json.readTree(bad.body()).path("message").asText()).isEqualTo("le paramètre 'state' doit valoir firing, pending ou resolved");
  }

  @Test
  void rulesAreReadOnlyAndTheirScopesNameOnlyWhatTheUserMaySee() throws Exception {
    JsonNode alices = getJson(login("alice", "alice-pass"), "/api/v1/rules");
    JsonNode bobs = getJson(login("bob", "bob-pass"), "/api/v1/rules");
    assertThat(alices).hasSize(2);
    assertThat(alices.get(0).path("name").asText()).isEqualTo("host-hot");
    assertThat(alices.get(0).path("condition").asText()).isEqualTo("cpu.usage above 90 percent");
    assertThat(alices.get(1).path("forSeconds").asLong()).isEqualTo(300);
    assertThat(alices.get(1).path("scope").path("clusters").get(0).asText()).isEqualTo("DC0_C0");
    assertThat(bobs.get(1).path("scope").path("clusters").get(0).asText()).as("bob may not see DC0_C0").isEqualTo("…");
    assertThat(bobs.get(1).path("scope").path("vcenters").get(0).asText()).isEqualTo("sim");
    assertThat(send("POST", login("alice", "alice-pass"), "/api/v1/rules", "{}", origin).statusCode()).isEqualTo(405);
  }

  @Test
  void silencesCoverWhatTheirUserMaySeeAndFollowTheSessionsCrossSiteRules() throws Exception {
    String alice = login("alice", "alice-pass");
    String bob = login("bob", "bob-pass");
    String body = json.writeValueAsString(Map.of("targets", List.of(alicesCluster), "rule", "host-hot", "duration", "2h", "reason", "firmware update"));
    assertThat(send("POST", alice, "/api/v1/silences", body, null).statusCode()).as("no Origin").isEqualTo(403);
    assertThat(send("POST", alice, "/api/v1/silences", body, "https://evil.example.com").statusCode()).as("cross-site").isEqualTo(403);
    HttpResponse<String> refused = send("POST", bob, "/api/v1/silences", body, origin);
    HttpResponse<String> unknown = send("POST", bob, "/api/v1/silences", body.replace(alicesCluster, "sim:domain-c999999"), origin);
    assertThat(refused.statusCode()).as("bob may not silence alice's cluster").isEqualTo(400).isEqualTo(unknown.statusCode());
    assertThat(json.readTree(refused.body()).path("message").asText().replace(alicesCluster, "X"))
        .isEqualTo(json.readTree(unknown.body()).path("message").asText().replace("sim:domain-c999999", "X"));
    assertThat(send("POST", alice, "/api/v1/silences", body.replace("2h", "60d"), origin).statusCode()).isEqualTo(400);
    assertThat(send("POST", alice, "/api/v1/silences", body.replace("firmware update", " "), origin).statusCode()).isEqualTo(400);
    assertThat(send("POST", alice, "/api/v1/silences", body.replace("\"reason\"", "\"why\""), origin).statusCode()).isEqualTo(400);

    HttpResponse<String> set = send("POST", alice, "/api/v1/silences", body, origin);
    assertThat(set.statusCode()).as(set.body()).isEqualTo(201);
    JsonNode silence = json.readTree(set.body());
    String id = silence.path("id").asText();
    assertThat(silence.path("createdBy").asText()).isEqualTo("alice");
    assertThat(silence.path("targets").get(0).path("name").asText()).isEqualTo("DC0_C0");
    assertThat(Duration.between(Instant.parse(silence.path("createdAt").asText()), Instant.parse(silence.path("endsAt").asText())))
        .isEqualTo(Duration.ofHours(2));
    try {
      assertThat(hot(getJson(alice, "/api/v1/alerts")).get(0).path("silenced").asBoolean()).as("alice's host is in her cluster").isTrue();
      assertThat(hot(getJson(bob, "/api/v1/alerts")).get(0).path("silenced").asBoolean()).isFalse();
      assertThat(getJson(alice, "/api/v1/silences")).extracting(n -> n.path("id").asText()).containsExactly(id);
      assertThat(getJson(bob, "/api/v1/silences")).as("bob may not see alice's cluster").isEmpty();
      assertThat(send("DELETE", bob, "/api/v1/silences/" + id, null, origin).statusCode()).isEqualTo(404);
      assertThat(send("DELETE", alice, "/api/v1/silences/" + id, null, null).statusCode()).as("no Origin").isEqualTo(403);
    } finally {
      assertThat(send("DELETE", alice, "/api/v1/silences/" + id, null, origin).statusCode()).isEqualTo(204);
    }
    assertThat(getJson(alice, "/api/v1/silences")).isEmpty();
    assertThat(hot(getJson(alice, "/api/v1/alerts")).get(0).path("silenced").asBoolean()).isFalse();
    assertThat(send("DELETE", alice, "/api/v1/silences/" + id, null, origin).statusCode()).isEqualTo(404);
  }
}
