package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vscope.config.AuthConfig;
import dev.vscope.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The session store's bounds and its reaction to refreshes, with a fake of vscope's own login
 * interface (the same against the simulator is in SecurityIT).
 */
class SessionStoreTest {

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final SessionStore store = new SessionStore(clock, AuthConfig.defaults(), new SessionStore.Limits(3, 5));

  /** A login whose refresh answers what the test says. */
  static final class FakeLogin implements Authenticator.UserLogin {
    boolean closed;
    Boolean refresh = true; // null: refused

    @Override
    public Set<String> visible() {
      return Set.of("sim:vm-1");
    }

    @Override
    public boolean refresh() {
      if (refresh == null) {
        throw new Authenticator.LoginRefusedException();
      }
      return refresh;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void aUsersOldestSessionsEndPastTheLimit() {
    List<FakeLogin> logins = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      FakeLogin l = new FakeLogin();
      logins.add(l);
      ids.add(store.create(i % 2 == 0 ? "alice" : "ALICE", "10.0.0.1", l).id);
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(store.size()).isEqualTo(3);
    assertThat(store.get(ids.get(0))).isEmpty();
    assertThat(store.get(ids.get(1))).isEmpty();
    assertThat(store.get(ids.get(4))).isPresent();
    assertThat(logins.get(0).closed).as("what an ended session holds is released").isTrue();
    assertThat(logins.get(1).closed).isTrue();
    assertThat(logins.get(2).closed).isFalse();
  }

  @Test
  void theServerRefusesLoginsPastTheTotal() {
    for (int i = 0; i < 5; i++) {
      store.create("user" + i, "10.0.0.1", new FakeLogin());
    }
    FakeLogin sixth = new FakeLogin();
    assertThatThrownBy(() -> store.create("user6", "10.0.0.1", sixth))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503));
    assertThat(sixth.closed).isTrue();
    // expired sessions make room
    clock.advance(Duration.ofMinutes(31));
    store.create("user6", "10.0.0.1", new FakeLogin());
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void refusedCredentialsEndTheSessionAtTheNextRefresh() {
    FakeLogin login = new FakeLogin();
    String id = store.create("alice", "10.0.0.1", login).id;
    login.refresh = null;
    clock.advance(Duration.ofMinutes(6));
    store.maintain();
    assertThat(store.get(id)).isEmpty();
    assertThat(login.closed).isTrue();
  }

  @Test
  void anUnreachableVcenterKeepsTheSessionForThreeRefreshesThenEndsIt() {
    FakeLogin login = new FakeLogin();
    SessionStore.UserSession s = store.create("alice", "10.0.0.1", login);
    login.refresh = false;
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMinutes(5));
      store.get(s.id); // the user is active
      store.maintain();
      assertThat(store.get(s.id)).as("after %d refreshes", i + 1).isPresent();
    }
    clock.advance(Duration.ofMinutes(5));
    store.get(s.id);
    store.maintain();
    assertThat(store.get(s.id)).isEmpty();
  }

  @Test
  void aRefreshThatAnswersAgainRestartsTheBound() {
    FakeLogin login = new FakeLogin();
    SessionStore.UserSession s = store.create("alice", "10.0.0.1", login);
    for (int i = 0; i < 5; i++) {
      login.refresh = i % 3 != 2; // fails twice, then answers
      clock.advance(Duration.ofMinutes(5));
      store.get(s.id);
      store.maintain();
    }
    assertThat(store.get(s.id)).isPresent();
  }
}
