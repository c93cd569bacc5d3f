package dev.vscope.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.config.Severity;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A channel's queue: its back-off, and one notification per group waiting at most. */
class OutboxTest {

  @Test
  void theBackOffDoublesFromTwoSecondsToFiveMinutes() {
    assertThat(List.of(1, 2, 3, 4, 8, 9, 100).stream().map(n -> Outbox.backoff(n, Outbox.FIRST_RETRY).toSeconds()))
        .containsExactly(2L, 4L, 8L, 16L, 256L, 300L, 300L);
  }

  @Test
  void aGroupWaitsOnceAndItsNewerNewsReplaceTheOlder() throws Exception {
    RecordingChannel down = new RecordingChannel("c", Duration.ofHours(4), Severity.WARNING);
    down.down(true);
    Outbox o = new Outbox(down, (n, at) -> {}, Clock.systemUTC());
    Alert a = alert("a");
    Alert b = alert("b");
    Notification first = new Notification("c", "g", a.activeSince(), List.of(a), List.of());
    o.offer(List.of(first, new Notification("c", "h", a.activeSince(), List.of(b), List.of())));
    o.offer(List.of(new Notification("c", "g", a.activeSince().plusSeconds(15), List.of(a), List.of())));
    assertThat(o.status().waiting()).isEqualTo(2);
    o.offer(List.of(new Notification("c", "g", a.activeSince().plusSeconds(30), List.of(a, b), List.of())));
    assertThat(o.status().waiting()).as("still one per group").isEqualTo(2);
    o.close();
  }

  static Alert alert(String target) {
    return new Alert(target + "-id", "rule", Severity.WARNING, Target.vcenter(target), AlertState.FIRING, java.time.Instant.EPOCH,
        java.time.Instant.EPOCH, null, null, "s", null, null, null);
  }
}
