package dev.vscope.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.collect.CollectionFailure;
import dev.vscope.config.AlertsConfig;
import dev.vscope.config.HealthConfig;
import dev.vscope.config.RuleConfig;
import dev.vscope.config.ScopeConfig;
import dev.vscope.config.Severity;
import dev.vscope.health.HealthChecks;
import dev.vscope.health.HealthMonitor;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.embedded.EmbeddedHistoryStore;
import dev.vscope.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert state machine on a made-up vCenter ({@link World}) and channels that record what they
 * are told: pending, firing after the rule's duration, grouped and repeated notifications,
 * resolution, unknown data, silences, a channel that is down, and a restart in the middle.
 */
class AlertEngineTest {

  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(T0);
  final World world = new World("vc", 9, T0);
  final List<AlertEngine> engines = new ArrayList<>();

  static final RuleConfig CPU = new RuleConfig("vm-cpu", "vm", "cpu.usage", 90.0, null, null, Duration.ofMinutes(5), Severity.WARNING, null,
      null, 7);

  AlertEngine engine(List<RuleConfig> rules, Channel... channels) {
    AlertsConfig config = new AlertsConfig(false, null, null, null, rules, null, null, null, "test.yml");
    AlertEngine e = new AlertEngine(RuleBook.compile(config, T0, null), List.of(channels), world, clock, dir, Duration.ofMinutes(10));
    e.firstRetry(Duration.ofMillis(50));
    e.start();
    engines.add(e);
    return e;
  }

  @AfterEach
  void close() {
    engines.forEach(AlertEngine::close);
  }

  @Test
  void aMetricHeldForTheDurationFiresOnceGroupedRepeatsAndResolves() throws Exception {
    RecordingChannel mail = new RecordingChannel("mail", Duration.ofHours(4), Severity.WARNING);
    AlertEngine e = engine(List.of(CPU), mail);
    world.set("vm-1", "cpu.usage", 95).set("vm-2", "cpu.usage", 97.5).set("vm-3", "cpu.usage", 40);
    e.evaluate();
    assertThat(e.view().active()).extracting(Alert::state).containsOnly(AlertState.PENDING).hasSize(2);

    clock.advance(Duration.ofMinutes(4));
    e.evaluate();
    assertThat(e.view().active()).extracting(Alert::state).containsOnly(AlertState.PENDING);

    clock.advance(Duration.ofMinutes(1));
    e.evaluate();
    assertThat(e.view().active()).extracting(Alert::state).containsOnly(AlertState.FIRING);
    List<Notification> got = mail.await(r -> r.size() == 1);
    Notification n = got.get(0);
    assertThat(n.group()).isEqualTo("vm-cpu");
    assertThat(n.firing()).extracting(a -> a.target().id()).containsExactlyInAnyOrder("vc:vm-1", "vc:vm-2");
    assertThat(n.firing()).extracting(Alert::value).containsExactlyInAnyOrder(95.0, 97.5);
    assertThat(n.firing().get(0).firingSince()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    awaitNotified(e, "mail", 2);

    // evaluated again and again: nothing new until the repeat interval
    clock.advance(Duration.ofMinutes(30));
    e.evaluate();
    Thread.sleep(200);
    assertThat(mail.received()).hasSize(1);
    clock.advance(Duration.ofHours(4));
    e.evaluate();
    assertThat(mail.await(r -> r.size() == 2).get(1).firing()).as("the repeat shows the whole group").hasSize(2);

    // vm-1 recovers: one resolution, which still lists vm-2 as firing
    world.set("vm-1", "cpu.usage", 12);
    clock.advance(Duration.ofMinutes(1));
    e.evaluate();
    Notification end = mail.await(r -> r.size() == 3).get(2);
    assertThat(end.resolved()).extracting(a -> a.target().id()).containsExactly("vc:vm-1");
    assertThat(end.resolved().get(0).resolvedAt()).isEqualTo(clock.instant());
    assertThat(end.firing()).extracting(a -> a.target().id()).containsExactly("vc:vm-2");
    assertThat(e.view().resolved()).extracting(a -> a.target().id()).containsExactly("vc:vm-1");
    awaitSettled(e);
  }

  @Test
  void aConditionThatStopsBeforeTheDurationNeverFires() throws Exception {
    RecordingChannel mail = new RecordingChannel("mail", Duration.ofHours(4), Severity.WARNING);
    AlertEngine e = engine(List.of(CPU), mail);
    world.set("vm-1", "cpu.usage", 95);
    e.evaluate();
    clock.advance(Duration.ofMinutes(3));
    world.set("vm-1", "cpu.usage", 50);
    e.evaluate();
    assertThat(e.view().active()).isEmpty();
    assertThat(e.view().resolved()).as("a pending alert leaves no history").isEmpty();
    Thread.sleep(200);
    assertThat(mail.attempts()).isZero();
  }

  @Test
  void aVcenterWithoutCurrentDataKeepsItsAlertsAsTheyAre() throws Exception {
    AlertEngine e = engine(List.of(CPU.withHoldFor(Duration.ZERO)));
    world.set("vm-1", "cpu.usage", 95);
    e.evaluate();
    assertThat(e.view().active()).extracting(Alert::state).containsExactly(AlertState.FIRING);
    // the cycle fails: the latest values are the last cycle's, and say nothing new
    world.status = world.failing(T0, T0.plusSeconds(60), CollectionFailure.VCENTER);
    world.set("vm-1", "cpu.usage", 10);
    clock.advance(Duration.ofMinutes(10));
    e.evaluate();
    assertThat(e.view().active()).extracting(Alert::state).containsExactly(AlertState.FIRING);
    world.status = world.ok(clock.instant());
    e.evaluate();
    assertThat(e.view().active()).isEmpty();
    assertThat(e.view().resolved()).hasSize(1);
  }

  @Test
  void scopeAndSeverityDecideWhatIsWatchedAndWhoIsTold() throws Exception {
    RecordingChannel critical = new RecordingChannel("pager", Duration.ofHours(4), Severity.CRITICAL);
    RecordingChannel all = new RecordingChannel("mail", Duration.ofHours(4), Severity.WARNING);
    ScopeConfig inCluster = new ScopeConfig(null, null, List.of("C0"), null, null, List.of("web-*"), new ScopeConfig(null, null, null, null,
        null, List.of("web-5"), null));
    RuleConfig scoped = new RuleConfig("web-cpu", "vm", "cpu.usage", 90.0, null, null, null, Severity.CRITICAL, inCluster, "web servers busy", 3);
    AlertEngine e = engine(List.of(scoped, CPU.withHoldFor(Duration.ZERO)), critical, all);
    // vm-1 web on host-1 (C0), vm-2 db on host-2 (C0), vm-3 web on host-3 (standalone), vm-5 web on host-2 (excluded), vm-7 web on host-1
    for (String vm : List.of("vm-1", "vm-2", "vm-3", "vm-5", "vm-7")) {
      world.set(vm, "cpu.usage", 99);
    }
    e.evaluate();
    assertThat(e.view().active().stream().filter(a -> a.rule().equals("web-cpu")).map(a -> a.target().name()))
        .containsExactlyInAnyOrder("web-1", "web-7");
    assertThat(critical.await(r -> r.size() == 1).get(0).firing()).extracting(a -> a.target().name()).containsExactlyInAnyOrder("web-1", "web-7");
    assertThat(critical.received().get(0).firing().get(0).summary()).isEqualTo("web servers busy");
    List<Notification> mails = all.await(r -> r.size() == 2);
    assertThat(mails).extracting(Notification::group).containsExactlyInAnyOrder("web-cpu", "vm-cpu");
    Thread.sleep(200);
    assertThat(critical.received()).as("the warning rule does not reach the critical-only channel").hasSize(1);
  }

  @Test
  void aChannelThatIsDownGetsEverythingOnceItIsBack() throws Exception {
    RecordingChannel hook = new RecordingChannel("hook", Duration.ofHours(4), Severity.WARNING);
    hook.down(true);
    AlertEngine e = engine(List.of(CPU.withHoldFor(Duration.ZERO)), hook);
    world.set("vm-1", "cpu.usage", 95).set("vm-4", "cpu.usage", 96);
    e.evaluate();
    waitUntil(() -> hook.attempts() >= 3);
    assertThat(e.channels().get(0).failing()).isTrue();
    assertThat(e.channels().get(0).lastError()).isEqualTo("receiver down");
    assertThat(e.channels().get(0).waiting()).isEqualTo(1);
    // vm-1 recovers while the receiver is down: its firing is not lost, it comes with its end
    world.set("vm-1", "cpu.usage", 5);
    clock.advance(Duration.ofMinutes(1));
    e.evaluate();
    hook.down(false);
    Notification n = hook.await(r -> !r.isEmpty()).get(0);
    assertThat(n.firing()).extracting(a -> a.target().id()).containsExactly("vc:vm-4");
    assertThat(n.resolved()).extracting(a -> a.target().id()).containsExactly("vc:vm-1");
    waitUntil(() -> !e.channels().get(0).failing() && e.channels().get(0).waiting() == 0);
    awaitSettled(e);
    assertThat(e.channels().get(0).sent()).isEqualTo(1);
  }

  @Test
  void aRestartTellsNothingTwiceAndLosesNoResolution() throws Exception {
    RecordingChannel before = new RecordingChannel("mail", Duration.ofHours(4), Severity.WARNING);
    AlertEngine first = engine(List.of(CPU.withHoldFor(Duration.ZERO)), before);
    world.set("vm-1", "cpu.usage", 95).set("vm-2", "cpu.usage", 95);
    first.evaluate();
    before.await(r -> r.size() == 1);
    awaitNotified(first, "mail", 2);
    first.close();
    assertThat(Files.exists(dir.resolve("alerts").resolve("alerts.json"))).isTrue();

    // vscope is down; vm-1 recovers meanwhile
    world.set("vm-1", "cpu.usage", 3);
    clock.advance(Duration.ofMinutes(20));
    RecordingChannel after = new RecordingChannel("mail", Duration.ofHours(4), Severity.WARNING);
    world.status = world.starting();
    AlertEngine second = engine(List.of(CPU.withHoldFor(Duration.ZERO)), after);
    assertThat(second.view().active()).extracting(a -> a.target().id()).containsExactlyInAnyOrder("vc:vm-1", "vc:vm-2");
    second.evaluate(); // before the first cycle: nothing known, nothing changes
    assertThat(second.view().active()).hasSize(2);
    world.status = world.ok(clock.instant());
    second.evaluate();
    List<Notification> got = after.await(r -> r.size() == 1);
    Thread.sleep(200);
    assertThat(after.received()).as("one notification: vm-1's end, not vm-2's firing again").hasSize(1);
    assertThat(got.get(0).resolved()).extracting(a -> a.target().id()).containsExactly("vc:vm-1");
    assertThat(got.get(0).firing()).extracting(a -> a.target().id()).containsExactly("vc:vm-2");
    awaitSettled(second);
  }

  @Test
  void aSilenceKeepsItsAlertsQuietUntilItIsRemoved() throws Exception {
    RecordingChannel mail = new RecordingChannel("mail", Duration.ofHours(4), Severity.WARNING);
    AlertEngine e = engine(List.of(CPU.withHoldFor(Duration.ZERO)), mail);
    e.silence(new Silence("s1", "vm-cpu", List.of("vc:host-1"), T0, T0.plus(Duration.ofHours(1)), "maintenance", "alice"));
    world.set("vm-1", "cpu.usage", 95); // on host-1: silenced
    e.evaluate();
    assertThat(e.view().active()).hasSize(1);
    assertThat(e.view().silenced(e.view().active().get(0), clock.instant())).isTrue();
    Thread.sleep(200);
    assertThat(mail.attempts()).isZero();
    world.set("vm-2", "cpu.usage", 95); // on host-2: not silenced
    e.evaluate();
    assertThat(mail.await(r -> r.size() == 1).get(0).firing()).extracting(a -> a.target().id()).containsExactly("vc:vm-2");
    awaitNotified(e, "mail", 1);
    assertThat(e.unsilence("s1", "bob")).isTrue();
    assertThat(mail.await(r -> r.size() == 2).get(1).firing()).extracting(a -> a.target().id()).containsExactlyInAnyOrder("vc:vm-1", "vc:vm-2");
  }

  @Test
  void anAlertThatFiredAndEndedUnderASilenceIsNeverTold() throws Exception {
    RecordingChannel mail = new RecordingChannel("mail", Duration.ofHours(4), Severity.WARNING);
    AlertEngine e = engine(List.of(CPU.withHoldFor(Duration.ZERO)), mail);
    e.silence(new Silence("s1", null, List.of("vc"), T0, T0.plus(Duration.ofHours(1)), "vCenter upgrade", "alice"));
    world.set("vm-1", "cpu.usage", 95);
    e.evaluate();
    world.set("vm-1", "cpu.usage", 5);
    e.evaluate();
    assertThat(e.view().resolved()).hasSize(1);
    assertThat(e.view().resolved().get(0).owed()).isEmpty();
    Thread.sleep(200);
    assertThat(mail.attempts()).isZero();
  }

  @Test
  void collectionRulesWatchVcentersAndTheStore() throws Exception {
    RuleConfig down = RuleConfig.collection("down", "vcenterUnreachable", Duration.ZERO, Severity.CRITICAL, null);
    RuleConfig stale = RuleConfig.collection("stale", "stale", Duration.ZERO, Severity.WARNING, null);
    RuleConfig store = RuleConfig.collection("store", "storeFailing", Duration.ZERO, Severity.CRITICAL, null);
    AlertEngine e = engine(List.of(down, stale, store));
    world.status = world.starting();
    clock.advance(Duration.ofMinutes(2));
    e.evaluate();
    assertThat(e.view().active()).as("two minutes after the start, nothing is known yet").isEmpty();
    clock.advance(Duration.ofMinutes(2));
    e.evaluate();
    assertThat(e.view().active()).extracting(Alert::rule).as("no cycle for three intervals of 60 s").containsExactly("stale");
    world.status = world.failing(null, clock.instant(), CollectionFailure.VCENTER);
    e.evaluate();
    assertThat(e.view().active()).extracting(a -> a.rule() + " " + a.target().kind() + " " + a.target().id())
        .containsExactlyInAnyOrder("down vcenter vc", "stale vcenter vc");
    world.status = world.failing(clock.instant(), clock.instant(), CollectionFailure.STORE);
    e.evaluate();
    assertThat(e.view().active()).extracting(a -> a.rule() + " " + a.target().id()).containsExactly("store store");
    world.status = world.ok(clock.instant());
    e.evaluate();
    assertThat(e.view().active()).isEmpty();
    assertThat(e.view().resolved()).extracting(Alert::rule).containsExactlyInAnyOrder("stale", "down", "store");
  }

  /** A rule on a health check (issue 13): the health monitor's findings of each snapshot fire and resolve alerts. */
  @Test
  void aHealthCheckThatFailsFiresAndResolves() throws Exception {
    RecordingChannel mail = new RecordingChannel("mail", Duration.ofHours(4), Severity.WARNING);
    try (HistoryStore store = EmbeddedHistoryStore.open(dir.resolve("history"), clock)) {
      HealthMonitor health = new HealthMonitor(HealthChecks.all(HealthConfig.defaults()), store, clock);
      RuleConfig maintenance = RuleConfig.health("maintenance", "hostMaintenance", Duration.ZERO, Severity.WARNING, null);
      AlertsConfig config = new AlertsConfig(false, null, null, null, List.of(maintenance), null, null, null, "test.yml");
      AlertEngine e = new AlertEngine(RuleBook.compile(config, T0, health), List.of(mail), world, clock, dir, Duration.ofMinutes(10));
      e.firstRetry(Duration.ofMillis(50));
      e.start();
      engines.add(e);
      e.evaluate();
      assertThat(e.view().active()).isEmpty();
      world.maintenance("host-3", true);
      e.evaluate();
      assertThat(e.view().active()).extracting(a -> a.target().name()).containsExactly("esx3");
      assertThat(e.view().active().get(0).summary()).isEqualTo("health check hostMaintenance: Hosts in maintenance mode");
      assertThat(mail.await(r -> r.size() == 1).get(0).firing()).extracting(a -> a.target().id()).containsExactly("vc:host-3");
      world.maintenance("host-3", false);
      e.evaluate();
      assertThat(e.view().resolved()).extracting(a -> a.target().id()).containsExactly("vc:host-3");
      assertThat(mail.await(r -> r.size() == 2).get(1).resolved()).hasSize(1);
    }
  }

  @Test
  void historyKeepsThirtyDays() throws Exception {
    AlertEngine e = engine(List.of(CPU.withHoldFor(Duration.ZERO)));
    world.set("vm-1", "cpu.usage", 95);
    e.evaluate();
    world.set("vm-1", "cpu.usage", 5);
    e.evaluate();
    assertThat(e.view().resolved()).hasSize(1);
    clock.advance(Duration.ofDays(30).minusMinutes(1));
    e.evaluate();
    assertThat(e.view().resolved()).hasSize(1);
    clock.advance(Duration.ofMinutes(2));
    e.evaluate();
    assertThat(e.view().resolved()).isEmpty();
  }

  @Test
  void fortyThousandVmsAreEvaluatedFromTheValuesInMemory() {
    World big = new World("big", 40_000, T0);
    for (int i = 1; i <= 40_000; i += 100) {
      big.set("vm-" + i, "cpu.usage", 99);
    }
    AlertsConfig config = new AlertsConfig(true, null, null, null, List.of(CPU.withHoldFor(Duration.ZERO)), null, null, null, "test.yml");
    try (AlertEngine e = new AlertEngine(RuleBook.compile(config, T0, null), List.of(), big, clock, dir, Duration.ofMinutes(10))) {
      e.evaluate(); // the first pass builds the index of the inventory
      long start = System.nanoTime();
      e.evaluate();
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(e.view().active().stream().filter(a -> a.rule().equals("vm-cpu"))).hasSize(400);
      System.out.println("evaluation of " + e.rules().size() + " rules over 40,000 VMs: " + ms + " ms");
    }
  }

  private static void awaitNotified(AlertEngine e, String channel, int alerts) throws InterruptedException {
    waitUntil(() -> e.view().active().stream().filter(a -> a.notified().containsKey(channel)).count() == alerts);
  }

  private static void awaitSettled(AlertEngine e) throws InterruptedException {
    waitUntil(() -> e.view().resolved().stream().allMatch(a -> a.owed().isEmpty()));
  }

  static void waitUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met in 10 s");
      }
      Thread.sleep(10);
    }
  }
}
