package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.config.AuthConfig;
import dev.vscope.testing.Stderr;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Behind a trusted reverse proxy, the login throttle counts and the audit log names the address
 * the proxy forwards; from any other peer, {@code X-Forwarded-For} is ignored. A real HTTP server
 * and real requests; vCenter is replaced by an authenticator that refuses every password.
 */
class ProxiedLoginIT {

  private static final Authenticator REFUSES_ALL = (user, password) -> {
    throw new Authenticator.LoginRefusedException();
  };
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aTrustedProxysClientsAreThrottledApart() throws Exception {
    try (WebServer server = start(List.of("127.0.0.0/8"))) {
      String log = Stderr.of(() -> {
        for (int i = 0; i < 5; i++) {
          assertThat(login(server, "alice", "203.0.113.9").statusCode()).isEqualTo(401);
        }
      });
      assertThat(log).contains("login failed user=alice address=203.0.113.9").doesNotContain("address=127.0.0.1");
      HttpResponse<String> sixth = login(server, "alice", "203.0.113.9");
      assertThat(sixth.statusCode()).as(sixth.body()).isEqualTo(429);
      assertThat(login(server, "alice", "203.0.113.10").statusCode()).as("another client of the proxy").isEqualTo(401);
      // a client cannot get out of the throttle by writing the header itself: the proxy appends its peer
      assertThat(login(server, "alice", "198.51.100.1, 203.0.113.9").statusCode()).isEqualTo(429);
    }
  }

  @Test
  void fromAnUntrustedPeerTheHeaderIsIgnored() throws Exception {
    try (WebServer server = start(List.of("10.0.0.0/8"))) {
      String log = Stderr.of(() -> {
        for (int i = 0; i < 5; i++) {
          assertThat(login(server, "alice", "203.0.113." + i).statusCode()).isEqualTo(401);
        }
      });
      assertThat(log).contains("login failed user=alice address=127.0.0.1").doesNotContain("203.0.113");
      assertThat(login(server, "alice", "203.0.113.77").statusCode()).isEqualTo(429);
    }
  }

  private static WebServer start(List<String> trustedProxies) {
    Access access = new Access(new SessionStore(Clock.systemUTC(), AuthConfig.defaults(), SessionStore.Limits.defaults()));
    return WebServer.start(new WebServer.Options("127.0.0.1", 0, null), access, List.of(new SessionRoutes(access, REFUSES_ALL,
        new LoginThrottle(Clock.systemUTC(), LoginThrottle.Limits.defaults()), false, ClientAddress.trusting(trustedProxies))));
  }

  private HttpResponse<String> login(WebServer server, String user, String forwardedFor) {
    String base = "http://127.0.0.1:" + server.port();
    try {
      return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/session")).header("Content-Type", "application/json")
          .header("Origin", base).header("X-Forwarded-For", forwardedFor)
          .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"" + user + "\", \"password\": \"wrong\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
