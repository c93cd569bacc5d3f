package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.MutableClock;
import dev.vscope.testing.Stderr;
import dev.vscope.testing.TestApp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The findings of the outside probe of login and sessions (issue 16), each reproduced against the
 * real server over HTTPS and the simulator, with real parallel requests where the finding is a
 * race. Each test failed before its fix.
 */
class SecurityIT {

  static final ObjectMapper json = new ObjectMapper();
  static MutableClock clock;
  static TestApp app;
  static SSLContext tls;
  static RawHttp raw;
  static HttpClient http;
  static JsonNode model;

  @BeforeAll
  static void start() throws Exception {
    clock = new MutableClock(Instant.now());
    app = TestApp.startWithLogin(clock, "-cluster", "1", "-host", "2", "-vm", "2", "-ds", "2");
    model = app.simulator().model();
    tls = app.serverTls();
    raw = RawHttp.to(app);
    http = HttpClient.newBuilder().sslContext(tls).build();
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  @BeforeEach
  void pastEveryWindow() {
    // each test starts past the throttling window and the sessions of the one before
    clock.advance(Duration.ofHours(13));
    app.sessions().maintain();
  }

  static void setUsers(Map<String, List<String>> sees) throws Exception {
    List<Map<String, Object>> users = new ArrayList<>();
    sees.forEach((name, see) -> users.add(Map.of("username", name, "password", name + "-pass", "see", see)));
    app.simulator().control(json.writeValueAsString(Map.of("users", users)));
  }

  static HttpRequest loginRequest(String user, String password) throws Exception {
    return HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/v1/session"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("username", user, "password", password))))
        .build();
  }

  static HttpResponse<String> login(String user, String password) throws Exception {
    return http.send(loginRequest(user, password), HttpResponse.BodyHandlers.ofString());
  }

  static String cookie(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
  }

  static HttpResponse<String> get(String cookie, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.baseUrl() + path));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String dc() {
    return model.path("datacenters").get(0).path("moid").asText();
  }

  // 1. The throttle is taken with the decision, tries in flight included.

  @Test
  void parallelGuessesCannotSlipPastTheThrottle() throws Exception {
    String user = app.simulator().username();
    // vCenter answers slowly, so that every guess is in flight at once
    app.simulator().control("{\"delayMs\": 1500}");
    try {
      List<CompletableFuture<HttpResponse<String>>> guesses = new ArrayList<>();
      for (int i = 0; i < 39; i++) {
        guesses.add(http.sendAsync(loginRequest(user, "wrong-" + i), HttpResponse.BodyHandlers.ofString()));
      }
      // the right password, while the wrong ones are still in flight (each takes 3 s at vCenter)
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000);
      while (guesses.stream().filter(CompletableFuture::isDone).count() < 34 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      HttpResponse<String> right = login(user, app.simulator().password());
      List<Integer> statuses = new ArrayList<>();
      for (CompletableFuture<HttpResponse<String>> g : guesses) {
        statuses.add(g.get(60, TimeUnit.SECONDS).statusCode());
      }
      assertThat(right.statusCode()).as("the right password, after 39 parallel guesses").isEqualTo(429);
      assertThat(statuses).containsOnly(401, 429);
      assertThat(statuses.stream().filter(s -> s == 401).count()).as("guesses that reached vCenter").isLessThanOrEqualTo(5);
    } finally {
      app.simulator().control("{\"delayMs\": 0}");
    }
  }

  // Also: lockout as a denial of service.

  @Test
  void fiveFailuresFromFiveAddressesDoNotLockTheUserOut() throws Exception {
    String user = app.simulator().username();
    for (int i = 1; i <= 5; i++) {
      assertThat(rawLogin("127.0.0." + (10 + i), user, "wrong-" + i).status()).isEqualTo(401);
    }
    RawHttp.Answer right = rawLogin("127.0.0.20", user, app.simulator().password());
    assertThat(right.status()).as(right.text()).isEqualTo(200);
  }

  // 2. A user removed from vCenter loses access.

  @Test
  void aUserRemovedFromVcenterLosesTheirSession() throws Exception {
    setUsers(Map.of("carol", List.of(dc())));
    String carol = cookie(login("carol", "carol-pass"));
    String vm = "sim:" + model.path("datacenters").get(0).path("vms").get(0).path("moid").asText();
    assertThat(get(carol, "/api/v1/vms").statusCode()).isEqualTo(200);
    setUsers(Map.of());
    assertThat(login("carol", "carol-pass").statusCode()).isEqualTo(401);
    clock.advance(Duration.ofMinutes(6));
    app.sessions().maintain();
    assertThat(get(carol, "/api/v1/vms").statusCode()).isEqualTo(401);
    assertThat(get(carol, "/api/v1/entities/" + URLEncoder.encode(vm, StandardCharsets.UTF_8)).statusCode()).isEqualTo(401);
  }

  @Test
  void anUnreachableVcenterKeepsASessionForABoundedTime() throws Exception {
    String admin = cookie(login(app.simulator().username(), app.simulator().password()));
    app.simulator().control("{\"down\": true}");
    try {
      for (int i = 0; i < 3; i++) {
        clock.advance(Duration.ofMinutes(5));
        app.sessions().maintain();
        assertThat(get(admin, "/api/v1/datacenters").statusCode()).as("refresh %d without vCenter", i + 1).isEqualTo(200);
      }
      clock.advance(Duration.ofMinutes(5));
      app.sessions().maintain();
      assertThat(get(admin, "/api/v1/datacenters").statusCode()).as("past three refresh intervals").isEqualTo(401);
    } finally {
      app.simulator().control("{\"down\": false}");
    }
  }

  // 4. Sessions are bounded, and cheap.

  @Test
  void aUserHoldsAtMostTenSessionsTheOldestEnding() throws Exception {
    String user = app.simulator().username();
    List<String> cookies = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      cookies.add(cookie(login(user, app.simulator().password())));
    }
    assertThat(get(cookies.get(0), "/api/v1/datacenters").statusCode()).isEqualTo(401);
    assertThat(get(cookies.get(1), "/api/v1/datacenters").statusCode()).isEqualTo(401);
    for (String c : cookies.subList(2, 12)) {
      assertThat(get(c, "/api/v1/datacenters").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void sessionsShareTheHttpClientOfTheirVcenter() throws Exception {
    setUsers(Map.of("u0", List.of(dc()), "u1", List.of(dc()), "u2", List.of(dc())));
    login("u0", "u0-pass"); // the shared client's threads, once
    long before = httpClientThreads();
    for (int i = 0; i < 30; i++) {
      String user = "u" + (i % 3);
      cookie(login(user, user + "-pass"));
    }
    assertThat(httpClientThreads() - before).as("HttpClient threads added by 30 logins").isLessThan(5);
  }

  static long httpClientThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("HttpClient-")).count();
  }

  // 5. Values from users are escaped in the log.

  @Test
  void aUserNameCannotForgeALogLine() throws Exception {
    String forged = "mallory\n2026-01-01T00:00:00.000Z INFO audit - login user=admin address=10.0.0.1 visible=99\u001b[2J";
    String log = Stderr.of(() -> assertThat(login(forged, "wrong").statusCode()).isEqualTo(401));
    assertThat(log).contains("login failed user=mallory\\n2026-01-01T00:00:00.000Z INFO audit").contains("\\x1b[2J");
    assertThat(log.lines()).noneMatch(l -> l.startsWith("2026-01-01T00:00:00.000Z"));
    assertThat(log).doesNotContain("\u001b");
  }

  // 6. Names and references of hidden entities do not leak.

  @Test
  void aVmsHiddenHostIsNotNamed() throws Exception {
    JsonNode vm = model.path("datacenters").get(0).path("vms").get(0);
    setUsers(Map.of("alice", List.of(vm.path("moid").asText())));
    String alice = cookie(login("alice", "alice-pass"));
    JsonNode vms = json.readTree(get(alice, "/api/v1/vms").body());
    assertThat(vms).hasSize(app.simulator().model("alice").path("datacenters").get(0).path("vms").size());
    JsonNode row = vms.get(0);
    assertThat(row.path("host").asText()).as("the id, as vSphere shows it").isEqualTo("sim:" + vm.path("host").asText());
    assertThat(row.path("hostName").isNull() || row.path("hostName").isMissingNode()).as(row.toString()).isTrue();
    JsonNode entity = json.readTree(get(alice, "/api/v1/entities/" + URLEncoder.encode(row.path("id").asText(), StandardCharsets.UTF_8)).body());
    assertThat(entity.path("properties").path("hostName").isNull() || entity.path("properties").path("hostName").isMissingNode()).isTrue();
  }

  @Test
  void aHostShowsOnlyTheDatastoresTheUserSees() throws Exception {
    JsonNode dc = model.path("datacenters").get(0);
    String host = dc.path("hosts").get(0).path("moid").asText();
    String hostId = "sim:" + host;
    JsonNode admin = json.readTree(get(cookie(login(app.simulator().username(), app.simulator().password())),
        "/api/v1/entities/" + URLEncoder.encode(hostId, StandardCharsets.UTF_8)).body());
    List<String> all = new ArrayList<>();
    admin.path("properties").path("datastores").forEach(d -> all.add(d.asText()));
    assertThat(all).as("the host mounts several datastores").hasSizeGreaterThan(1);
    assertThat(names(admin)).as("per-datastore metrics").anyMatch(m -> m.startsWith("datastore.") && m.contains("["));
    String shown = all.get(0);
    setUsers(Map.of("dave", List.of(host, shown.substring("sim:".length()))));
    String dave = cookie(login("dave", "dave-pass"));

    JsonNode entity = json.readTree(get(dave, "/api/v1/entities/" + URLEncoder.encode(hostId, StandardCharsets.UTF_8)).body());
    assertThat(entity.path("properties").path("datastores")).extracting(JsonNode::asText).containsExactly(shown);
    for (String hidden : all.subList(1, all.size())) {
      String moid = hidden.substring("sim:".length());
      assertThat(names(entity)).noneMatch(m -> m.contains("[" + moid + "]"));
      String metric = "datastore.readLatency[" + moid + "]";
      assertThat(get(dave, "/api/v1/series?entity=" + URLEncoder.encode(hostId, StandardCharsets.UTF_8) + "&metric="
          + URLEncoder.encode(metric, StandardCharsets.UTF_8)).statusCode()).isEqualTo(404);
    }
    JsonNode hosts = json.readTree(get(dave, "/api/v1/hosts").body());
    assertThat(hosts.get(0).path("datastores")).extracting(JsonNode::asText).containsExactly(shown);
  }

  static Set<String> names(JsonNode entity) {
    Set<String> names = new HashSet<>();
    entity.path("metrics").forEach(m -> names.add(m.path("name").asText()));
    return names;
  }

  // 7. The cross-site check compares the scheme too.

  @Test
  void anHttpOriginIsCrossSiteForAnHttpsServer() throws Exception {
    String hostPort = URI.create(app.baseUrl()).getAuthority();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(loginRequest("u", "p").uri())
        .header("Content-Type", "application/json").header("Origin", "http://" + hostPort)
        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"u\",\"password\":\"p\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(403);
  }

  // 8. Slow senders are cut off.

  @Test
  void aClientSendingItsHeadersSlowlyIsCutOff() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        Socket s = raw.connect("127.0.0.1");
        s.getOutputStream().write("GET /api/v1/status HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        sockets.add(s);
      }
      // one header line every 2 s, for up to 40 s: the idle timeout (30 s) never fires
      long start = System.nanoTime();
      Set<Socket> closed = new HashSet<>();
      for (int line = 0; line < 20 && closed.size() < sockets.size(); line++) {
        Thread.sleep(2000);
        for (Socket s : sockets) {
          if (!closed.contains(s) && !send(s, "X-Slow-" + line + ": 1\r\n")) {
            closed.add(s);
          }
        }
      }
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      assertThat(closed).as("connections closed after %d s", seconds).hasSize(sockets.size());
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  // 9. Smaller items.

  @Test
  void metricsAreNotCachedAndTakeTheBearerSchemeInAnyCase() throws Exception {
    HttpResponse<String> r = get(null, "/metrics", "Authorization", "bearer " + TestApp.METRICS_TOKEN);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(get(null, "/metrics", "Authorization", "BEARER " + TestApp.METRICS_TOKEN).statusCode()).isEqualTo(200);
    assertThat(get(null, "/metrics", "Authorization", "Basic " + TestApp.METRICS_TOKEN).statusCode()).isEqualTo(401);
  }

  @Test
  void metricsGiveTheServedCertificatesExpiry() throws Exception {
    java.security.cert.X509Certificate cert;
    try (var in = java.nio.file.Files.newInputStream(app.dataDir().resolve("tls/vscope-cert.pem"))) {
      cert = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    String body = get(null, "/metrics", "Authorization", "Bearer " + TestApp.METRICS_TOKEN).body();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^vscope_tls_certificate_expiry_timestamp_seconds (\\S+)$").matcher(body);
    assertThat(m.find()).as(body).isTrue();
    assertThat(Double.parseDouble(m.group(1))).isEqualTo(cert.getNotAfter().getTime() / 1000.0);
  }

  @Test
  void aMalformedQueryIsABadRequest() throws Exception {
    String admin = cookie(login(app.simulator().username(), app.simulator().password()));
    RawHttp.Answer r = raw.exchange("GET /api/v1/vms?datacenter=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + admin
        + "\r\nConnection: close\r\n\r\n");
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(get(admin, "/api/v1/vms?datacenter=" + URLEncoder.encode("sim:" + dc(), StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
  }

  @Test
  void jettysOwnErrorPagesCarryTheSecurityHeaders() throws Exception {
    RawHttp.Answer tooLarge = raw.exchange("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
    RawHttp.Answer badUri = raw.exchange("GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n");
    for (RawHttp.Answer a : List.of(tooLarge, badUri)) {
      assertThat(a.status()).as(a.text()).isBetween(400, 499);
      assertThat(a.text()).containsIgnoringCase("X-Content-Type-Options: nosniff")
          .containsIgnoringCase("Content-Security-Policy: default-src 'self'")
          .containsIgnoringCase("X-Frame-Options: DENY")
          .containsIgnoringCase("Strict-Transport-Security");
    }
  }

  /** Writes; false when the server has closed the connection. */
  static boolean send(Socket s, String text) {
    try {
      OutputStream out = s.getOutputStream();
      out.write(text.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      s.setSoTimeout(50);
      try {
        return s.getInputStream().read() >= 0;
      } catch (java.net.SocketTimeoutException ignored) {
        return true; // nothing to read: still open
      }
    } catch (IOException e) {
      return false;
    }
  }

  static RawHttp.Answer rawLogin(String localAddress, String user, String password) throws IOException {
    String body = json.writeValueAsString(Map.of("username", user, "password", password));
    return raw.exchange(localAddress, "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body);
  }
}
