package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.MutableClock;
import dev.vscope.testing.TestApp;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each user sees exactly what their vSphere permissions allow: two simulator users with different
 * permissions, checked on every endpoint against the simulator's own view of each user.
 */
class VisibilityIT {

  static final ObjectMapper json = new ObjectMapper();
  static MutableClock clock;
  static TestApp app;
  static HttpClient http;
  static String dc0;
  static String dc1;
  static String host;
  static String datastore;

  @BeforeAll
  static void start() throws Exception {
    clock = new MutableClock(Instant.now());
    app = TestApp.startWithLogin(clock, "-dc", "2", "-cluster", "1", "-host", "2", "-standalone-host", "1", "-vm", "2", "-ds", "2");
    JsonNode model = app.simulator().model();
    dc0 = model.path("datacenters").get(0).path("moid").asText();
    dc1 = model.path("datacenters").get(1).path("moid").asText();
    host = model.path("datacenters").get(1).path("hosts").get(0).path("moid").asText();
    datastore = model.path("datacenters").get(1).path("datastores").get(0).path("moid").asText();
    setUsers(List.of(dc0), List.of(host, datastore));
    http = HttpClient.newBuilder().sslContext(app.serverTls()).build();
  }

  static void setUsers(List<String> alice, List<String> bob) throws Exception {
    app.simulator().control(json.writeValueAsString(Map.of("users", List.of(
        Map.of("username", "alice", "password", "alice-pass", "see", alice),
        Map.of("username", "bob", "password", "bob-pass", "see", bob)))));
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  static String login(String user, String password) throws Exception {
    return app.login(http, user, password);
  }

  static HttpResponse<String> get(String cookie, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
  }

  static Set<String> ids(String cookie, String path) throws Exception {
    HttpResponse<String> r = get(cookie, path);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    Set<String> ids = new HashSet<>();
    json.readTree(r.body()).forEach(n -> ids.add(n.path("id").asText()));
    return ids;
  }

  /** The ids of one kind in the simulator's model as a user sees it. */
  static Set<String> expected(String user, String kind) throws Exception {
    Set<String> ids = new HashSet<>();
    for (JsonNode dc : app.simulator().model(user).path("datacenters")) {
      dc.path(kind).forEach(n -> ids.add("sim:" + n.path("moid").asText()));
    }
    return ids;
  }

  @Test
  void eachUserSeesExactlyTheirPart() throws Exception {
    for (String[] user : new String[][] {{"alice", "alice-pass"}, {"bob", "bob-pass"}}) {
      String cookie = login(user[0], user[1]);
      for (String kind : List.of("hosts", "vms", "datastores")) {
        assertThat(ids(cookie, "/api/v1/" + kind)).as(user[0] + " " + kind).isEqualTo(expected(user[0], kind)).isNotEmpty();
      }
    }
    // and they differ: alice has all of one datacenter, bob a host and a datastore of the other
    String alice = login("alice", "alice-pass");
    String bob = login("bob", "bob-pass");
    assertThat(ids(alice, "/api/v1/datacenters")).containsExactly("sim:" + dc0);
    assertThat(ids(bob, "/api/v1/datacenters")).containsExactly("sim:" + dc1);
    assertThat(ids(bob, "/api/v1/datastores")).containsExactly("sim:" + datastore);
    assertThat(ids(bob, "/api/v1/hosts")).containsExactly("sim:" + host);
  }

  /** Top-N ranks only what the user sees, and a hidden scope is refused as an unknown one is. */
  @Test
  void topRanksOnlyWhatEachUserSees() throws Exception {
    for (String[] user : new String[][] {{"alice", "alice-pass"}, {"bob", "bob-pass"}}) {
      String cookie = login(user[0], user[1]);
      for (String[] kind : new String[][] {{"vm", "vms"}, {"host", "hosts"}}) {
        HttpResponse<String> r = get(cookie, "/api/v1/top?type=" + kind[0] + "&metric=cpu.usage&limit=1000");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Set<String> ranked = new HashSet<>();
        json.readTree(r.body()).forEach(n -> ranked.add(n.path("entity").asText()));
        assertThat(ranked).as(user[0] + " " + kind[1]).isNotEmpty().isSubsetOf(expected(user[0], kind[1]));
      }
    }
    String bob = login("bob", "bob-pass");
    HttpResponse<String> hidden = get(bob, "/api/v1/top?metric=cpu.usage&scope=" + URLEncoder.encode("sim:" + dc0, StandardCharsets.UTF_8));
    HttpResponse<String> unknown = get(bob, "/api/v1/top?metric=cpu.usage&scope=sim:no-such");
    assertThat(hidden.statusCode()).isEqualTo(400).isEqualTo(unknown.statusCode());
    assertThat(json.readTree(hidden.body()).path("message").asText().replace(dc0, "no-such"))
        .isEqualTo(json.readTree(unknown.body()).path("message").asText());
    // a VM is no scope: alice, who sees it, is told so; to bob it is as unknown as any id
    String vm = "sim:" + app.simulator().model("alice").path("datacenters").get(0).path("vms").get(0).path("moid").asText();
    String path = "/api/v1/top?metric=cpu.usage&scope=" + URLEncoder.encode(vm, StandardCharsets.UTF_8);
    HttpResponse<String> seen = get(login("alice", "alice-pass"), path);
    assertThat(seen.statusCode()).isEqualTo(400);
    assertThat(json.readTree(seen.body()).path("message").asText()).isEqualTo("parameter 'scope': " + vm + " is not a datacenter, cluster, host or datastore");
    HttpResponse<String> hiddenVm = get(bob, path);
    assertThat(hiddenVm.statusCode()).isEqualTo(400);
    assertThat(json.readTree(hiddenVm.body()).path("message").asText()).isEqualTo("parameter 'scope': no entity " + vm);
  }

  static HttpResponse<byte[]> getBytes(String cookie, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).header("Cookie", cookie);
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The ids of a list answer, gzip'd or not. */
  static Set<String> ids(HttpResponse<byte[]> r) throws Exception {
    assertThat(r.statusCode()).isEqualTo(200);
    byte[] body = r.body();
    if (r.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
        body = in.readAllBytes();
      }
    }
    Set<String> ids = new HashSet<>();
    json.readTree(body).forEach(n -> ids.add(n.path("id").asText()));
    return ids;
  }

  @Test
  void cachedListsAreNeverSharedAcrossPermissions() throws Exception {
    String alice = login("alice", "alice-pass");
    String bob = login("bob", "bob-pass");
    // in turns, twice over: the second round is answered from the cache the first one filled
    for (int round = 0; round < 2; round++) {
      for (String kind : List.of("hosts", "vms", "datastores")) {
        for (String[] user : new String[][] {{"alice", alice}, {"bob", bob}}) {
          for (String encoding : List.of("identity", "gzip")) {
            assertThat(ids(getBytes(user[1], "/api/v1/" + kind, "Accept-Encoding", encoding)))
                .as(round + " " + user[0] + " " + kind + " " + encoding).isEqualTo(expected(user[0], kind));
          }
        }
      }
    }
    // bob sending the tag of alice's list gets his own list, not a 304
    String aliceTag = getBytes(alice, "/api/v1/vms").headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> bobs = getBytes(bob, "/api/v1/vms", "If-None-Match", aliceTag);
    assertThat(bobs.statusCode()).isEqualTo(200);
    assertThat(bobs.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(aliceTag);
    assertThat(ids(bobs)).isEqualTo(expected("bob", "vms"));
    // a second session with the same permissions gets the same answer
    String aliceAgain = login("alice", "alice-pass");
    assertThat(getBytes(aliceAgain, "/api/v1/vms", "If-None-Match", aliceTag).statusCode()).isEqualTo(304);
  }

  @Test
  void hiddenEntitiesAnswerLikeMissingOnes() throws Exception {
    String bob = login("bob", "bob-pass");
    String hiddenVm = alicesFirstPoweredOnVm();
    HttpResponse<String> hidden = get(bob, "/api/v1/entities/" + URLEncoder.encode(hiddenVm, StandardCharsets.UTF_8));
    HttpResponse<String> missing = get(bob, "/api/v1/entities/" + URLEncoder.encode("sim:vm-999999", StandardCharsets.UTF_8));
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json.readTree(hidden.body()).path("error")).isEqualTo(json.readTree(missing.body()).path("error"));
    assertThat(get(bob, "/api/v1/series?metric=cpu.usage&entity=" + URLEncoder.encode(hiddenVm, StandardCharsets.UTF_8)).statusCode()).isEqualTo(404);
    assertThat(get(bob, "/api/v1/vms?datacenter=" + URLEncoder.encode("sim:" + dc0, StandardCharsets.UTF_8)).statusCode()).isEqualTo(404);
    // while alice reads the same VM
    String alice = login("alice", "alice-pass");
    assertThat(get(alice, "/api/v1/entities/" + URLEncoder.encode(hiddenVm, StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
    HttpResponse<String> series = get(alice, "/api/v1/series?metric=cpu.usage&entity=" + URLEncoder.encode(hiddenVm, StandardCharsets.UTF_8));
    assertThat(series.statusCode()).as(series.body()).isEqualTo(200);
  }

  /** The first of alice's VMs by id that is powered on, and so has a history to read. */
  static String alicesFirstPoweredOnVm() throws Exception {
    List<String> on = new java.util.ArrayList<>();
    for (JsonNode dc : app.simulator().model("alice").path("datacenters")) {
      dc.path("vms").forEach(vm -> {
        if (vm.path("powerState").asText().equals("poweredOn")) {
          on.add("sim:" + vm.path("moid").asText());
        }
      });
    }
    assertThat(on).as("alice sees a powered-on VM").isNotEmpty();
    return on.stream().sorted().findFirst().orElseThrow();
  }

  /**
   * A cluster shows to whoever vSphere shows the cluster object to, with the figures of the whole
   * cluster: bob, who may see one host of it, sees it (vCenter shows the path to what one may see),
   * with both its hosts counted; a user who may see only a VM sees no cluster at all.
   */
  @Test
  void clustersFollowTheClusterObjectAndShowWholeClusterTotals() throws Exception {
    String alice = login("alice", "alice-pass");
    String bob = login("bob", "bob-pass");
    assertThat(ids(alice, "/api/v1/clusters")).isEqualTo(expected("alice", "clusters")).isNotEmpty();
    assertThat(ids(bob, "/api/v1/clusters")).isEqualTo(expected("bob", "clusters")).hasSize(1);

    JsonNode whole = app.simulator().model().path("datacenters").get(1).path("clusters").get(0);
    String bobsCluster = "sim:" + whole.path("moid").asText();
    JsonNode row = json.readTree(get(bob, "/api/v1/clusters").body()).get(0);
    assertThat(row.path("id").asText()).isEqualTo(bobsCluster);
    assertThat(ids(bob, "/api/v1/hosts")).hasSize(1);
    assertThat(row.path("hosts").asInt()).as("the whole cluster, not bob's one host").isEqualTo(whole.path("hosts").size()).isEqualTo(2);
    assertThat(row.path("vms").asInt()).isEqualTo(whole.path("vms").asInt());
    assertThat(row.path("vcpus").asInt()).isEqualTo(whole.path("vcpus").asInt());

    String alicesCluster = expected("alice", "clusters").iterator().next();
    assertThat(get(bob, "/api/v1/entities?id=" + URLEncoder.encode(alicesCluster, StandardCharsets.UTF_8)).statusCode()).isEqualTo(404);
    assertThat(get(bob, "/api/v1/series?metric=cpu.usage&entity=" + URLEncoder.encode(alicesCluster, StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(404);
    assertThat(get(alice, "/api/v1/series?metric=cpu.usage&entity=" + URLEncoder.encode(alicesCluster, StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(200);

    String vm = app.simulator().model().path("datacenters").get(1).path("vms").get(0).path("moid").asText();
    try {
      setUsers(List.of(dc0), List.of(vm));
      clock.advance(Duration.ofMinutes(6));
      app.sessions().maintain();
      assertThat(ids(bob, "/api/v1/vms")).containsExactly("sim:" + vm);
      assertThat(expected("bob", "clusters")).isEmpty();
      assertThat(ids(bob, "/api/v1/clusters")).isEmpty();
      assertThat(get(bob, "/api/v1/entities?id=" + URLEncoder.encode(bobsCluster, StandardCharsets.UTF_8)).statusCode()).isEqualTo(404);
    } finally {
      setUsers(List.of(dc0), List.of(host, datastore));
      clock.advance(Duration.ofMinutes(6));
      app.sessions().maintain();
    }
  }

  /** The pools a user's resourcePools lists, as id → the VM ids it names; checked against the simulator's view of that user. */
  static Map<String, Set<String>> pools(String cookie, String cluster) throws Exception {
    HttpResponse<String> r = get(cookie, "/api/v1/resourcePools?cluster=" + URLEncoder.encode(cluster, StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(cluster + " " + r.body()).isEqualTo(200);
    Map<String, Set<String>> out = new java.util.LinkedHashMap<>();
    json.readTree(r.body()).forEach(p -> {
      Set<String> vms = new HashSet<>();
      p.path("vmList").forEach(v -> vms.add(v.path("id").asText()));
      out.put(p.path("id").asText(), vms);
    });
    return out;
  }

  static Map<String, Set<String>> expectedPools(String user, int dc) throws Exception {
    Map<String, Set<String>> out = new java.util.LinkedHashMap<>();
    for (JsonNode c : app.simulator().model(user).path("datacenters")) {
      if (!c.path("moid").asText().equals(dc == 0 ? dc0 : dc1)) {
        continue;
      }
      for (JsonNode p : c.path("clusters").get(0).path("pools")) {
        Set<String> vms = new HashSet<>();
        p.path("vms").forEach(v -> vms.add("sim:" + v.asText()));
        out.put("sim:" + p.path("moid").asText(), vms);
      }
    }
    return out;
  }

  @Test
  void resourcePoolsFollowEachPoolAndVm() throws Exception {
    String alice = login("alice", "alice-pass");
    String bob = login("bob", "bob-pass");
    JsonNode model = app.simulator().model();
    String alicesCluster = "sim:" + model.path("datacenters").get(0).path("clusters").get(0).path("moid").asText();
    JsonNode bobsWhole = model.path("datacenters").get(1).path("clusters").get(0);
    String bobsCluster = "sim:" + bobsWhole.path("moid").asText();

    // alice has the whole datacenter: every pool and VM of its cluster
    assertThat(pools(alice, alicesCluster)).isEqualTo(expectedPools("alice", 0)).hasSize(4);
    // bob sees his host's cluster (the path to it), but no pool: his rights are on the host
    assertThat(pools(bob, bobsCluster)).isEqualTo(expectedPools("bob", 1)).isEmpty();
    assertThat(get(bob, "/api/v1/resourcePools?cluster=" + URLEncoder.encode(alicesCluster, StandardCharsets.UTF_8)).statusCode()).isEqualTo(404);

    // rights on one pool: the path to it, it and its child, and only their VMs
    JsonNode production = bobsWhole.path("pools").get(1);
    assertThat(production.path("name").asText()).isEqualTo("Production");
    try {
      setUsers(List.of(dc0), List.of(production.path("moid").asText()));
      clock.advance(Duration.ofMinutes(6));
      app.sessions().maintain();
      Map<String, Set<String>> seen = pools(bob, bobsCluster);
      assertThat(seen).isEqualTo(expectedPools("bob", 1)).hasSize(3).doesNotContainKey("sim:" + bobsWhole.path("pools").get(3).path("moid").asText());
      String root = "sim:" + bobsWhole.path("pools").get(0).path("moid").asText();
      assertThat(seen.get(root)).as("the root pool's own VM is not bob's").isEmpty();
      JsonNode rootRow = json.readTree(get(bob, "/api/v1/resourcePools?cluster=" + URLEncoder.encode(bobsCluster, StandardCharsets.UTF_8)).body()).get(0);
      assertThat(rootRow.path("vms").asInt()).as("the pool's own count, as vSphere shows it").isEqualTo(bobsWhole.path("pools").get(0).path("vmCount").asInt())
          .isPositive();
      assertThat(seen.get("sim:" + production.path("moid").asText())).isNotEmpty();
    } finally {
      setUsers(List.of(dc0), List.of(host, datastore));
      clock.advance(Duration.ofMinutes(6));
      app.sessions().maintain();
    }
  }

  @Test
  void permissionsChangesReachALiveSession() throws Exception {
    String bob = login("bob", "bob-pass");
    assertThat(ids(bob, "/api/v1/datacenters")).containsExactly("sim:" + dc1);
    Set<String> vmsBefore = ids(bob, "/api/v1/vms");
    try {
      setUsers(List.of(dc0), List.of(dc0));
      clock.advance(Duration.ofMinutes(6));
      app.sessions().maintain();
      assertThat(ids(bob, "/api/v1/datacenters")).containsExactly("sim:" + dc0);
      assertThat(ids(bob, "/api/v1/vms")).as("not the list cached before the change").isEqualTo(expected("bob", "vms")).isNotEqualTo(vmsBefore);
    } finally {
      setUsers(List.of(dc0), List.of(host, datastore));
    }
  }

  /** The VMs on a datastore in the simulator's model as a user sees it (all of them without a user). */
  static Set<String> vmsOn(String user, String dsMoid) throws Exception {
    Set<String> ids = new HashSet<>();
    for (JsonNode dc : (user == null ? app.simulator().model() : app.simulator().model(user)).path("datacenters")) {
      for (JsonNode vm : dc.path("vms")) {
        for (JsonNode u : vm.path("datastoreUsage")) {
          if (u.path("datastore").asText().equals(dsMoid)) {
            ids.add("sim:" + vm.path("moid").asText());
          }
        }
      }
    }
    return ids;
  }

  /** A datastore lists only the VMs on it that the user may see; one they may not see is unknown to them. */
  @Test
  void aDatastoreListsTheVmsTheUserSeesOnIt() throws Exception {
    String alice = login("alice", "alice-pass");
    String bob = login("bob", "bob-pass");
    String bobsDatastore = URLEncoder.encode("sim:" + datastore, StandardCharsets.UTF_8);
    assertThat(ids(bob, "/api/v1/datastores/vms?datastore=" + bobsDatastore)).isEqualTo(vmsOn("bob", datastore)).isSubsetOf(vmsOn(null, datastore));
    assertThat(get(alice, "/api/v1/datastores/vms?datastore=" + bobsDatastore).statusCode()).isEqualTo(404);
    String alicesDatastore = app.simulator().model("alice").path("datacenters").get(0).path("datastores").get(0).path("moid").asText();
    assertThat(ids(alice, "/api/v1/datastores/vms?datastore=" + URLEncoder.encode("sim:" + alicesDatastore, StandardCharsets.UTF_8)))
        .isEqualTo(vmsOn("alice", alicesDatastore)).isNotEmpty();
    assertThat(get(bob, "/api/v1/datastores/vms?datastore=" + URLEncoder.encode("sim:" + alicesDatastore, StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(404);
  }

  /**
   * Snapshots and alarms (issue 13): each user gets the rows, the alarm counts and the snapshot
   * space of what they may see, as the simulator's view of that user has them, and no more.
   */
  @Test
  void snapshotsAndAlarmsShowOnlyWhatEachUserSees() throws Exception {
    Set<String> allSnapshots = new HashSet<>();
    Set<String> allAlarms = new HashSet<>();
    for (JsonNode dc : app.simulator().model().path("datacenters")) {
      dc.path("vms").forEach(vm -> vm.path("snapshots").path("list").forEach(s -> allSnapshots.add("sim:" + s.path("moid").asText())));
      dc.path("alarms").forEach(a -> allAlarms.add(a.path("key").asText()));
    }
    for (String[] user : new String[][] {{"alice", "alice-pass"}, {"bob", "bob-pass"}}) {
      String cookie = login(user[0], user[1]);
      JsonNode model = app.simulator().model(user[0]);
      Set<String> snapshots = new HashSet<>();
      Set<String> alarms = new HashSet<>();
      Map<String, Long> snapshotBytes = new java.util.HashMap<>();
      Map<String, int[]> counts = new java.util.HashMap<>();
      for (JsonNode dc : model.path("datacenters")) {
        for (JsonNode vm : dc.path("vms")) {
          vm.path("snapshots").path("list").forEach(s -> snapshots.add("sim:" + s.path("moid").asText()));
          vm.path("snapshots").path("bytesByDatastore").properties().forEach(e -> snapshotBytes.merge("sim:" + e.getKey(), e.getValue().asLong(), Long::sum));
        }
        int[] redYellow = new int[2];
        dc.path("alarms").forEach(a -> {
          alarms.add(a.path("key").asText());
          redYellow[a.path("status").asText().equals("red") ? 0 : 1]++;
        });
        counts.put("sim:" + dc.path("moid").asText(), redYellow);
      }
      assertThat(ids(cookie, "/api/v1/snapshots")).as(user[0] + " snapshots").isEqualTo(snapshots).isNotEmpty().isSubsetOf(allSnapshots);
      Set<String> alarmKeys = new HashSet<>();
      json.readTree(get(cookie, "/api/v1/alarms").body()).forEach(a -> alarmKeys.add(a.path("key").asText()));
      assertThat(alarmKeys).as(user[0] + " alarms").isEqualTo(alarms).isNotEmpty().isSubsetOf(allAlarms).isNotEqualTo(allAlarms);
      for (JsonNode dc : json.readTree(get(cookie, "/api/v1/datacenters").body())) {
        int[] expected = counts.get(dc.path("id").asText());
        assertThat(new int[] {dc.path("alarmsRed").asInt(), dc.path("alarmsYellow").asInt()}).as(user[0] + " " + dc.path("name").asText())
            .isEqualTo(expected);
      }
      for (JsonNode ds : json.readTree(get(cookie, "/api/v1/datastores").body())) {
        assertThat(ds.path("snapshotBytes").asLong()).as(user[0] + " " + ds.path("name").asText())
            .isEqualTo(snapshotBytes.getOrDefault(ds.path("id").asText(), 0L));
      }
    }
  }

  /** The names of every host, VM, datastore and cluster of the simulator as a user sees them (all without a user). */
  static Set<String> names(String user) throws Exception {
    Set<String> out = new HashSet<>();
    for (JsonNode dc : (user == null ? app.simulator().model() : app.simulator().model(user)).path("datacenters")) {
      for (String kind : List.of("hosts", "vms", "datastores", "clusters")) {
        dc.path(kind).forEach(n -> out.add(n.path("name").asText()));
      }
    }
    return out;
  }

  /** The moids a user sees, of any kind. */
  static Set<String> moids(String user) throws Exception {
    Set<String> out = new HashSet<>();
    for (JsonNode dc : app.simulator().model(user).path("datacenters")) {
      out.add(dc.path("moid").asText());
      for (String kind : List.of("hosts", "vms", "datastores", "clusters")) {
        dc.path(kind).forEach(n -> out.add(n.path("moid").asText()));
      }
    }
    return out;
  }

  /**
   * Events (issue 13) show only to who sees what they are about; the other entities they name are
   * cut out of the message when hidden: a VM moved onto bob's host from one he cannot see shows as
   * a migration from "[…]".
   */
  @Test
  void eventsShowOnlyWhatEachUserSeesAndNeverNameAHiddenEntity() throws Exception {
    JsonNode model = app.simulator().model();
    JsonNode dc1Model = model.path("datacenters").get(1);
    String hiddenHost = null;
    for (JsonNode h : dc1Model.path("hosts")) {
      if (!h.path("moid").asText().equals(host) && h.path("cluster").asText().equals(dc1Model.path("hosts").get(0).path("cluster").asText())) {
        hiddenHost = h.path("moid").asText();
      }
    }
    assertThat(hiddenHost).as("another host of bob's host's cluster").isNotNull();
    String mover = null;
    for (JsonNode v : dc1Model.path("vms")) {
      if (v.path("host").asText().equals(hiddenHost) && v.path("powerState").asText().equals("poweredOn")) {
        mover = v.path("moid").asText();
      }
    }
    if (mover == null) { // every VM of the hidden host is off, or there is none: bring one there first
      mover = dc1Model.path("vms").get(0).path("moid").asText();
      app.simulator().control(json.writeValueAsString(Map.of("migrateVm", Map.of("moid", mover, "host", hiddenHost))));
    }
    String alicesVm = alicesFirstPoweredOnVm();
    String keys = app.simulator().control(json.writeValueAsString(Map.of("postEvents", List.of(
        Map.of("kind", "migrate", "vm", mover, "host", host, "user", "ops"),
        Map.of("kind", "reset", "vm", alicesVm.substring("sim:".length()), "user", "ops"),
        Map.of("kind", "alarm", "entity", datastore, "alarm", "Datastore usage on disk", "from", "green", "to", "yellow"),
        Map.of("kind", "alarm", "entity", hiddenHost, "alarm", "Host CPU usage", "from", "green", "to", "red"))))).path("eventKeys").asText();
    assertThat(keys).isNotEmpty();
    app.collectNow();

    Map<Long, JsonNode> launched = new java.util.HashMap<>();
    app.simulator().events().path("events").forEach(e -> launched.put(e.path("key").asLong(), e));
    Set<String> all = names(null);
    // the model leaves templates out: events about one (the simulator makes them at start) are not judged here
    Set<String> modelled = new HashSet<>();
    for (JsonNode dc : model.path("datacenters")) {
      modelled.add(dc.path("moid").asText());
      for (String kind : List.of("hosts", "vms", "datastores", "clusters")) {
        dc.path(kind).forEach(n -> modelled.add(n.path("moid").asText()));
      }
    }
    for (String[] user : new String[][] {{"alice", "alice-pass"}, {"bob", "bob-pass"}}) {
      String cookie = login(user[0], user[1]);
      Set<String> sees = moids(user[0]);
      Set<String> hiddenNames = new HashSet<>(all);
      hiddenNames.removeAll(names(user[0]));
      Set<Long> expected = new HashSet<>();
      for (long key : launched.keySet()) {
        JsonNode e = launched.get(key);
        String kind = EventsIT.KIND.get(e.path("type").asText());
        if (kind != null && sees.contains(EventsIT.subject(e)) && modelled.contains(EventsIT.subject(e))) {
          expected.add(key);
        }
      }
      HttpResponse<String> r = get(cookie, "/api/v1/events?limit=5000");
      assertThat(r.statusCode()).isEqualTo(200);
      Set<Long> answered = new HashSet<>();
      for (JsonNode row : json.readTree(r.body())) {
        if (modelled.contains(row.path("entity").asText().substring("sim:".length()))) {
          answered.add(row.path("key").asLong());
        }
        for (String hidden : hiddenNames) {
          assertThat(row.path("message").asText()).as(user[0] + " must not read " + hidden)
              .doesNotContainPattern("(?<![\\w-])" + java.util.regex.Pattern.quote(hidden) + "(?![\\w-])");
          assertThat(row.path("entityName").asText()).isNotEqualTo(hidden);
        }
      }
      assertThat(answered).as(user[0]).isEqualTo(expected).isNotEmpty();
    }

    String bob = login("bob", "bob-pass");
    JsonNode migration = null;
    for (JsonNode row : json.readTree(get(bob, "/api/v1/events?type=migration&entity=" + URLEncoder.encode("sim:" + mover, StandardCharsets.UTF_8)).body())) {
      migration = row;
    }
    assertThat(migration).as("bob sees the VM that came to his host, and its arrival").isNotNull();
    assertThat(migration.path("message").asText()).contains("[…]");
    HttpResponse<String> hidden = get(bob, "/api/v1/events?entity=" + URLEncoder.encode("sim:" + hiddenHost, StandardCharsets.UTF_8));
    HttpResponse<String> unknown = get(bob, "/api/v1/events?entity=sim:no-such");
    assertThat(hidden.statusCode()).isEqualTo(404).isEqualTo(unknown.statusCode());
    assertThat(json.readTree(hidden.body()).path("message").asText().replace(hiddenHost, "no-such"))
        .isEqualTo(json.readTree(unknown.body()).path("message").asText());
    assertThat(get(bob, "/api/v1/events?datacenter=" + URLEncoder.encode("sim:" + dc0, StandardCharsets.UTF_8)).statusCode()).isEqualTo(404);
  }
}
