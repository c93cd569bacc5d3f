package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.config.AddressPatterns;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

  private final ClientAddress behindNginx = ClientAddress.trusting(List.of("127.0.0.1", "10.0.0.0/8"));

  @Test
  void withoutTrustedProxiesThePeerIsTheClient() {
    assertThat(ClientAddress.trusting(List.of()).of("127.0.0.1", List.of("203.0.113.9"))).isEqualTo("127.0.0.1");
  }

  @Test
  void aTrustedProxyNamesTheClient() {
    assertThat(behindNginx.of("127.0.0.1", List.of("203.0.113.9"))).isEqualTo("203.0.113.9");
    assertThat(behindNginx.of("127.0.0.1", List.of())).as("no header").isEqualTo("127.0.0.1");
  }

  @Test
  void onlyTheHopsAppendedByTrustedProxiesAreBelieved() {
    // the client wrote 198.51.100.1 itself; nginx appended the address it was reached from
    assertThat(behindNginx.of("127.0.0.1", List.of("198.51.100.1, 203.0.113.9"))).isEqualTo("203.0.113.9");
    // two proxies: a load balancer at 10.1.1.1 in front of the local nginx
    assertThat(behindNginx.of("127.0.0.1", List.of("198.51.100.1, 203.0.113.9, 10.1.1.1"))).isEqualTo("203.0.113.9");
    // the same in two headers
    assertThat(behindNginx.of("127.0.0.1", List.of("198.51.100.1, 203.0.113.9", "10.1.1.1"))).isEqualTo("203.0.113.9");
  }

  @Test
  void anUntrustedPeerIsTheClientWhateverItWrites() {
    assertThat(behindNginx.of("203.0.113.9", List.of("10.1.1.1"))).isEqualTo("203.0.113.9");
  }

  @Test
  void anEntryThatIsNoAddressStopsAtTheLastTrustedHop() {
    assertThat(behindNginx.of("127.0.0.1", List.of("203.0.113.9, unknown"))).isEqualTo("127.0.0.1");
    assertThat(behindNginx.of("127.0.0.1", List.of("203.0.113.9, 10.1.1.1, evil.example.com"))).isEqualTo("127.0.0.1");
    assertThat(behindNginx.of("127.0.0.1", List.of("evil.example.com, 10.1.1.1"))).isEqualTo("10.1.1.1");
    assertThat(behindNginx.of("127.0.0.1", List.of("10.9.9.9, 10.1.1.1"))).as("every hop trusted: the first").isEqualTo("10.9.9.9");
  }

  @Test
  void portsAndIpv6() {
    assertThat(behindNginx.of("127.0.0.1", List.of("203.0.113.9:51234"))).isEqualTo("203.0.113.9");
    assertThat(behindNginx.of("127.0.0.1", List.of("[2001:db8::7]:443"))).isEqualTo("2001:db8:0:0:0:0:0:7");
    assertThat(ClientAddress.trusting(List.of("::1")).of("0:0:0:0:0:0:0:1", List.of("2001:db8::7"))).isEqualTo("2001:db8:0:0:0:0:0:7");
  }

  @Test
  void literalsAreNeverLookedUp() {
    for (String notALiteral : List.of("abc", "localhost", "1.2.3.999", "1.2.3", ".1:2", "a.b", "[::1", "")) {
      assertThat(AddressPatterns.literal(notALiteral)).as(notALiteral).isNull();
    }
    assertThat(AddressPatterns.literal("192.0.2.1").getHostAddress()).isEqualTo("192.0.2.1");
    assertThat(AddressPatterns.literal("::ffff:192.0.2.1").getHostAddress()).isEqualTo("192.0.2.1");
  }
}
