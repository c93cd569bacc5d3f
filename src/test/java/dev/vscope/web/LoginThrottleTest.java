package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vscope.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The throttle's counts, driven by a clock the test sets. The parallel case against a real server is in SecurityIT. */
class LoginThrottleTest {

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final LoginThrottle throttle = new LoginThrottle(clock, LoginThrottle.Limits.defaults());

  void fail(String user, String address) {
    throttle.begin(user, address).failed();
  }

  @Test
  void fiveFailuresOfOneUserAtOneAddressStopThatPair() {
    for (int i = 0; i < 5; i++) {
      fail("alice", "10.0.0.1");
    }
    assertThatThrownBy(() -> throttle.begin("Alice", "10.0.0.1"))
        .isInstanceOfSatisfying(LoginThrottle.ThrottledException.class,
            e -> assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(5)));
    // the real user, elsewhere, is not locked out
    throttle.begin("alice", "10.0.0.2").succeeded();
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    throttle.begin("alice", "10.0.0.1").close();
  }

  @Test
  void triesInFlightCountUntilTheyEnd() {
    LoginThrottle.Attempt[] inFlight = new LoginThrottle.Attempt[5];
    for (int i = 0; i < 5; i++) {
      inFlight[i] = throttle.begin("alice", "10.0.0.1");
    }
    assertThatThrownBy(() -> throttle.begin("alice", "10.0.0.1")).isInstanceOf(LoginThrottle.ThrottledException.class);
    inFlight[0].close(); // neither success nor failure (vCenter unreachable): frees its place
    LoginThrottle.Attempt sixth = throttle.begin("alice", "10.0.0.1");
    sixth.failed();
    sixth.close(); // closing after failed() changes nothing
    for (int i = 1; i < 5; i++) {
      inFlight[i].failed();
    }
    assertThatThrownBy(() -> throttle.begin("alice", "10.0.0.1")).isInstanceOf(LoginThrottle.ThrottledException.class);
  }

  @Test
  void fiveAddressesWithOneFailureEachDoNotLockTheUserOut() {
    for (int i = 1; i <= 5; i++) {
      fail("alice", "10.0.0." + i);
    }
    throttle.begin("alice", "10.0.0.100").succeeded();
  }

  @Test
  void theUserLocksOnlyAfterManyFailuresFromSeveralAddresses() {
    // 19 failures from 4 addresses (at most 5 from each is allowed anyway)
    for (int i = 0; i < 19; i++) {
      fail("alice", "10.0.0." + (i % 4));
    }
    LoginThrottle.Attempt twentieth = throttle.begin("alice", "10.0.1.1");
    twentieth.failed();
    assertThatThrownBy(() -> throttle.begin("alice", "10.0.2.2")).isInstanceOf(LoginThrottle.ThrottledException.class);
    // other users are not affected
    throttle.begin("bob", "10.0.2.2").succeeded();
  }

  @Test
  void manyFailuresFromOneAddressDoNotLockTheUserElsewhere() {
    for (int i = 0; i < 40; i++) {
      // a guesser at one address, beyond its own limit: refused tries are not failures
      try {
        fail("alice", "10.0.0.1");
      } catch (LoginThrottle.ThrottledException ignored) {
        // expected after the fifth
      }
    }
    throttle.begin("alice", "10.0.0.2").succeeded();
  }

  @Test
  void oneAddressTryingManyUsersIsStopped() {
    for (int i = 0; i < 20; i++) {
      fail("user" + i, "10.0.0.1");
    }
    assertThatThrownBy(() -> throttle.begin("someone-else", "10.0.0.1")).isInstanceOf(LoginThrottle.ThrottledException.class);
    throttle.begin("someone-else", "10.0.0.2").succeeded();
  }

  @Test
  void successForgetsThePairsFailures() {
    for (int i = 0; i < 4; i++) {
      fail("alice", "10.0.0.1");
    }
    throttle.begin("alice", "10.0.0.1").succeeded();
    for (int i = 0; i < 4; i++) {
      fail("alice", "10.0.0.1");
    }
    throttle.begin("alice", "10.0.0.1").close();
  }
}
