package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.MutableClock;
import dev.vscope.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Login, sessions, throttling, CSRF and transport security on the real server over HTTPS. */
class LoginIT {

  static final ObjectMapper json = new ObjectMapper();
  static MutableClock clock;
  static TestApp app;
  static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    clock = new MutableClock(Instant.now());
    app = TestApp.startWithLogin(clock, "-cluster", "1", "-host", "2", "-vm", "2");
    http = HttpClient.newBuilder().sslContext(app.serverTls()).build();
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  @BeforeEach
  void resetClock() {
    // each test starts past the throttling window of the one before
    clock.advance(Duration.ofHours(1));
  }

  static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(app.baseUrl() + path));
  }

  static HttpResponse<String> login(String user, String password) throws Exception {
    String body = json.writeValueAsString(java.util.Map.of("username", user, "password", password));
    return send(request("/api/v1/session").header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  static String cookie(HttpResponse<?> r) {
    String set = r.headers().firstValue("Set-Cookie").orElseThrow();
    return set.split(";", 2)[0];
  }

  @Test
  void servesHttpsWithTheSelfSignedCertificate() throws Exception {
    assertThat(app.baseUrl()).startsWith("https://");
    HttpResponse<String> r = send(request("/index.html"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Strict-Transport-Security")).isPresent();
  }

  @Test
  void theApiNeedsALogin() throws Exception {
    for (String path : List.of("/api/v1/vms", "/api/v1/datacenters", "/api/v1/status", "/api/v1/series?entity=sim:host-1&metric=cpu.usage",
        "/api/v1/health", "/api/v1/health?unknown=1")) {
      HttpResponse<String> r = send(request(path));
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(json.readTree(r.body()).path("error").asText()).isEqualTo("unauthorized");
    }
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameAnswer() throws Exception {
    HttpResponse<String> wrong = login(app.simulator().username(), "wrong");
    clock.advance(Duration.ofHours(1));
    HttpResponse<String> unknown = login("nobody-" + System.nanoTime(), "wrong");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).isEqualTo(unknown.body());
    assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void aLoginGivesAStrictSessionCookieThatOpensTheApi() throws Exception {
    HttpResponse<String> ok = login(app.simulator().username(), app.simulator().password());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).doesNotContain(app.simulator().password());
    String set = ok.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(set).contains("HttpOnly").contains("Secure").containsIgnoringCase("SameSite=Strict").contains("Path=/");
    String value = cookie(ok).substring("vscope_session=".length());
    assertThat(java.util.Base64.getUrlDecoder().decode(value)).hasSizeGreaterThanOrEqualTo(16);

    HttpResponse<String> vms = send(request("/api/v1/vms").header("Cookie", cookie(ok)));
    assertThat(vms.statusCode()).isEqualTo(200);
    assertThat(json.readTree(vms.body()).size()).isPositive();
    JsonNode me = json.readTree(send(request("/api/v1/session").header("Cookie", cookie(ok))).body());
    assertThat(me.path("username").asText()).isEqualTo(app.simulator().username());
    assertThat(me.path("authenticated").asBoolean()).isTrue();

    // logout ends it
    assertThat(send(request("/api/v1/session").header("Cookie", cookie(ok)).DELETE()).statusCode()).isEqualTo(204);
    assertThat(send(request("/api/v1/vms").header("Cookie", cookie(ok))).statusCode()).isEqualTo(401);
    assertThat(nobody(send(request("/api/v1/session").header("Cookie", cookie(ok))))).isTrue();
  }

  /** A page's first question: one 200 that says nobody is logged in, so it shows the form without a 401 per request (issue 15). */
  @Test
  void askingWhoIsLoggedInAnswersWithoutA401() throws Exception {
    assertThat(nobody(send(request("/api/v1/session")))).isTrue();
    assertThat(send(request("/api/v1/vms")).statusCode()).as("the data still wants a session").isEqualTo(401);
  }

  private static boolean nobody(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = json.readTree(r.body());
    assertThat(body.path("loginRequired").asBoolean()).isTrue();
    assertThat(body.has("username")).isFalse();
    return body.path("authenticated").isBoolean() && !body.path("authenticated").asBoolean();
  }

  @Test
  void idleAndAbsoluteTimeouts() throws Exception {
    String idle = cookie(login(app.simulator().username(), app.simulator().password()));
    clock.advance(Duration.ofMinutes(29));
    assertThat(send(request("/api/v1/datacenters").header("Cookie", idle)).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(31));
    assertThat(send(request("/api/v1/datacenters").header("Cookie", idle)).statusCode()).isEqualTo(401);

    String busy = cookie(login(app.simulator().username(), app.simulator().password()));
    for (int i = 0; i < 71; i++) { // 71 × 10 min: always active, but 11 h 50 in
      clock.advance(Duration.ofMinutes(10));
      assertThat(send(request("/api/v1/datacenters").header("Cookie", busy)).statusCode()).isEqualTo(200);
    }
    clock.advance(Duration.ofMinutes(10));
    assertThat(send(request("/api/v1/datacenters").header("Cookie", busy)).statusCode()).isEqualTo(401);
  }

  @Test
  void fiveFailuresThrottleTheUsernameEvenWithTheRightPassword() throws Exception {
    String user = app.simulator().username();
    for (int i = 0; i < 5; i++) {
      assertThat(login(user, "wrong-" + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> throttled = login(user, app.simulator().password());
    assertThat(throttled.statusCode()).isEqualTo(429);
    long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 300L);
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    assertThat(login(user, app.simulator().password()).statusCode()).isEqualTo(200);
  }

  @Test
  void crossSiteRequestsAreRefused() throws Exception {
    String body = "{\"username\":\"u\",\"password\":\"p\"}";
    HttpResponse<String> foreign = send(request("/api/v1/session").header("Content-Type", "application/json")
        .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(foreign.statusCode()).isEqualTo(403);
    HttpResponse<String> crossSite = send(request("/api/v1/session").header("Content-Type", "application/json")
        .header("Sec-Fetch-Site", "cross-site").POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(crossSite.statusCode()).isEqualTo(403);
    // a script without Origin may log in and out, and do nothing else that changes state
    String cookie = cookie(login(app.simulator().username(), app.simulator().password()));
    HttpResponse<String> other = send(request("/api/v1/vms").header("Cookie", cookie).POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(other.statusCode()).isEqualTo(403);
    HttpResponse<String> sameOrigin = send(request("/api/v1/session").header("Cookie", cookie)
        .header("Origin", app.baseUrl()).DELETE());
    assertThat(sameOrigin.statusCode()).isEqualTo(204);
  }

  @Test
  void badLoginBodiesAreRefusedCleanly() throws Exception {
    for (String body : List.of("not json", "{\"username\": 5}", "[]", "{\"username\":\"" + "x".repeat(300) + "\",\"password\":\"p\"}")) {
      HttpResponse<String> r = send(request("/api/v1/session").header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.");
    }
    HttpResponse<String> huge = send(request("/api/v1/session").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + "x".repeat(200_000) + "\"}")));
    assertThat(huge.statusCode()).isIn(400, 413);
    assertThat(huge.body()).doesNotContain("Exception");
  }
}
