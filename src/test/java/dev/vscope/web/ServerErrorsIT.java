package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.TestApp;
import java.time.Clock;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Answers that do not come from a route: requests Jetty refuses before any handler runs, and
 * methods a known path does not take. Sent by hand over a socket, since an HTTP client would not
 * send most of them (issue 15).
 */
class ServerErrorsIT {

  private static final List<String> SECURITY_HEADERS = List.of(
      "content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy", "cross-origin-opener-policy", "cache-control",
      "strict-transport-security");
  private static final ObjectMapper json = new ObjectMapper();

  static TestApp app;
  static RawHttp raw;

  /** Over HTTPS with login, as vscope runs by default: its connector is the one that refuses an encoded slash. */
  @BeforeAll
  static void start() throws Exception {
    app = TestApp.startWithLogin(Clock.systemUTC(), "-dc", "1", "-cluster", "1", "-host", "1", "-vm", "1", "-ds", "2",
        "-datastore-paths");
    raw = RawHttp.to(app);
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  @Test
  void requestsRefusedBeforeAnyHandlerAreJsonWithTheSecurityHeaders() throws Exception {
    RawHttp.Answer normal = raw.exchange("GET /api/v1/vms HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertThat(normal.status()).as(normal.text()).isEqualTo(401);
    Map<String, Integer> refused = new LinkedHashMap<>();
    refused.put("GET /api/v1/entities/sim:a%2Fb HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 400);
    refused.put("GET /api/v1/vms?x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 414);
    refused.put("GET /api/v1/vms HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n", 431);
    refused.put("GET /api/v1/vms HTTP/1.7\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 505);
    refused.put("GET /api/v1/vms HTTP/1.1\r\nConnection: close\r\n\r\n", 400);
    for (Map.Entry<String, Integer> r : refused.entrySet()) {
      String request = r.getKey().substring(0, Math.min(60, r.getKey().length()));
      RawHttp.Answer a = raw.exchange(r.getKey());
      assertThat(a.status()).as(request + "\n" + a.text()).isEqualTo(r.getValue());
      assertThat(a.header("content-type")).as(request + "\n" + a.text()).startsWith("application/json");
      JsonNode body = json.readTree(a.body());
      assertThat(body.path("error").asText()).as(a.text()).isEqualTo("http_" + r.getValue());
      assertThat(body.path("message").asText()).as(a.text()).isNotBlank().doesNotContain("Exception").doesNotContain("<");
      for (String h : SECURITY_HEADERS) {
        assertThat(a.header(h)).as(request + ": " + h + "\n" + a.text()).isNotNull().isEqualTo(normal.header(h));
      }
    }
  }

  @Test
  void anUnknownMethodOnAKnownPathIs405WithAllow() throws Exception {
    String cookie = login();
    RawHttp.Answer put = raw.exchange(request("PUT", "/api/v1/hosts", cookie));
    assertThat(put.status()).as(put.text()).isEqualTo(405);
    assertThat(put.header("allow")).as(put.text()).isEqualTo("GET");
    assertThat(json.readTree(put.body()).path("error").asText()).isEqualTo("method_not_allowed");
    assertThat(put.header("x-content-type-options")).isEqualTo("nosniff");

    RawHttp.Answer patch = raw.exchange(request("PATCH", "/api/v1/session", cookie));
    assertThat(patch.status()).as(patch.text()).isEqualTo(405);
    assertThat(patch.header("allow").split(", ")).containsExactlyInAnyOrder("GET", "POST", "DELETE");

    RawHttp.Answer unknown = raw.exchange(request("PUT", "/api/v1/nope", cookie));
    assertThat(unknown.status()).as("no such path: still a 404\n" + unknown.text()).isEqualTo(404);
  }

  /** Ids are vCenter's opaque strings: govmomi's simulator names datastores by their path ({@code -datastore-paths}). */
  @Test
  void anEntityWhoseIdHoldsASlashIsAddressable() throws Exception {
    String cookie = login();
    JsonNode datastores = json.readTree(raw.exchange(request("GET", "/api/v1/datastores", cookie)).body());
    List<String> slashed = new java.util.ArrayList<>();
    datastores.forEach(d -> slashed.add(d.path("id").asText()));
    slashed.removeIf(id -> !id.contains("/"));
    assertThat(slashed).as(datastores.toString()).isNotEmpty();
    for (String id : slashed) {
      RawHttp.Answer a = raw.exchange(request("GET", "/api/v1/entities?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8), cookie));
      assertThat(a.status()).as(a.text()).isEqualTo(200);
      JsonNode entity = json.readTree(a.body());
      assertThat(entity.path("id").asText()).isEqualTo(id);
      assertThat(entity.path("type").asText()).isEqualTo("datastore");
    }
  }

  private static String login() throws Exception {
    String body = json.writeValueAsString(Map.of("username", app.simulator().username(), "password", app.simulator().password()));
    RawHttp.Answer a = raw.exchange("POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body);
    assertThat(a.status()).as(a.text()).isEqualTo(200);
    return a.header("set-cookie").split(";", 2)[0];
  }

  /** A same-origin request with the session, as a browser would send it. */
  private static String request(String method, String path, String cookie) {
    String host = "127.0.0.1:" + URI.create(app.baseUrl()).getPort();
    return method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nOrigin: https://" + host + "\r\nCookie: " + cookie
        + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  }
}
