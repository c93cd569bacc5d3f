package dev.vscope.alert;

import dev.vscope.BackgroundTask;
import dev.vscope.LogText;
import dev.vscope.collect.CollectorScheduler;
import dev.vscope.collect.SnapshotSource;
import dev.vscope.collect.VcenterSnapshot;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the rules and keeps the alerts (issue 14): after each collection cycle and every
 * {@code alerts.evaluationInterval}, each rule's condition reports what holds; an alert starts
 * pending, fires once the rule's duration has passed, and resolves when its condition stops
 * holding. Each channel is then handed what it must be told ({@link Dispatch}, {@link Outbox}).
 *
 * <p>The state (alerts, what each channel was told of them, the last 30 days of resolved alerts,
 * silences) is written to disk at each change ({@link AlertFile}) and read at start: a restart
 * tells no channel again what it was told, and a resolution that happened while vscope was down is
 * found by the first evaluation after the first cycle and told.
 *
 * <p>Thread-safe: evaluations, deliveries and silences change the state under this object's lock;
 * readers take the last published {@link View}.
 */
public final class AlertEngine implements CollectorScheduler.CycleListener, AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(AlertEngine.class);
  private static final Logger audit = LoggerFactory.getLogger("audit");
  /** How long resolved alerts are kept, for the history of the Alerts page. */
  static final Duration HISTORY = Duration.ofDays(30);
  /** And at most this many: a flapping rule over thousands of VMs must not grow the file without end. */
  static final int HISTORY_MAX = 10_000;

  /** What readers see: the alerts and silences at one moment. */
  public record View(List<Alert> active, List<Alert> resolved, List<Silence> silences) {
    public View {
      active = List.copyOf(active);
      resolved = List.copyOf(resolved);
      silences = List.copyOf(silences);
    }

    /** Whether a silence covers the alert now. */
    public boolean silenced(Alert a, Instant now) {
      return Dispatch.silenced(a, silences, now);
    }
  }

  private final List<Rule> rules;
  private final SnapshotSource snapshots;
  private final Clock clock;
  private final AlertFile file;
  private final Duration evaluationInterval;
  private final Map<String, Outbox> outboxes = new LinkedHashMap<>();
  private final ScheduledExecutorService executor;

  /** rule → target id → its pending or firing alert */
  private final Map<String, Map<String, Alert>> active = new LinkedHashMap<>();
  /** id → resolved alert, oldest first */
  private final LinkedHashMap<String, Alert> resolved = new LinkedHashMap<>();
  private final List<Silence> silences = new ArrayList<>();
  private final Map<String, Targets> indexes = new HashMap<>();
  private final Set<String> brokenRules = new HashSet<>();
  private volatile View view = new View(List.of(), List.of(), List.of());
  /** The state to write, made at the last change and not written yet; guarded by this */
  private AlertFile.Saved unsaved;

  /**
   * Reads the saved state (an unreadable file is set aside and logged; alerts then start afresh).
   * Nothing runs before {@link #start}.
   */
  public AlertEngine(List<Rule> rules, List<Channel> channels, SnapshotSource snapshots, Clock clock, Path dataDir, Duration evaluationInterval) {
    this.rules = List.copyOf(rules);
    this.snapshots = snapshots;
    this.clock = clock;
    this.file = new AlertFile(dataDir);
    this.evaluationInterval = evaluationInterval;
    for (Channel c : channels) {
      outboxes.put(c.name(), new Outbox(c, (n, at) -> delivered(c.name(), n, at), clock));
    }
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "vscope-alerts");
      t.setDaemon(true);
      return t;
    });
    restore();
  }

  /** Starts the channels' threads and the evaluation every interval. */
  public void start() {
    outboxes.values().forEach(Outbox::start);
    long ms = evaluationInterval.toMillis();
    executor.scheduleWithFixedDelay(new BackgroundTask("alert evaluation", this::evaluate), ms, ms, TimeUnit.MILLISECONDS);
  }

  /** A cycle ended: its values are evaluated at once, on the engine's thread (the cycle does not wait). */
  @Override
  public void cycled(VcenterSnapshot snapshot, long nanos) {
    try {
      executor.execute(new BackgroundTask("alert evaluation", this::evaluate));
    } catch (RejectedExecutionException ignored) {
      // closing
    }
  }

  /** For tests: retries of failed deliveries start after {@code d} instead of 2 s. */
  void firstRetry(Duration d) {
    outboxes.values().forEach(o -> o.firstRetry(d));
  }

  /** The rules, in the order they are evaluated. */
  public List<Rule> rules() {
    return rules;
  }

  /** The alerts and silences now. */
  public View view() {
    return view;
  }

  /** Each channel's delivery state, in the configuration's order. */
  public List<ChannelStatus> channels() {
    return outboxes.values().stream().map(Outbox::status).toList();
  }

  /** Evaluates every rule now, then hands each channel what it must be told. */
  public synchronized void evaluate() {
    Instant now = clock.instant();
    Evaluation.Pass pass = new Evaluation.Pass(now, snapshots.snapshots(), indexes);
    boolean changed = false;
    for (Rule rule : rules) {
      Evaluation e = new Evaluation(pass);
      try {
        rule.condition().evaluate(e);
        brokenRules.remove(rule.name());
      } catch (RuntimeException ex) {
        // one broken rule must not stop the others; its alerts keep their state
        if (brokenRules.add(rule.name())) {
          logger.error("alert rule {} cannot be evaluated", rule.name(), ex);
        }
        continue;
      }
      changed |= apply(rule, e, now);
    }
    changed |= prune(now);
    publish(changed);
    dispatch(now);
  }

  /** Applies one rule's findings: new alerts, alerts that fire, alerts that resolve. Whether anything changed state. */
  private boolean apply(Rule rule, Evaluation e, Instant now) {
    boolean changed = false;
    Map<String, Alert> mine = active.computeIfAbsent(rule.name(), k -> new LinkedHashMap<>());
    for (Evaluation.Finding f : e.holding().values()) {
      if (!rule.scope().contains(f.target())) {
        continue;
      }
      Alert before = mine.get(f.target().id());
      Alert after = before == null ? Alert.start(rule, f.target(), f.value(), now) : before.heldAt(rule, f.value(), now);
      mine.put(f.target().id(), after);
      if (before == null || before.state() != after.state()) {
        changed = true;
        if (after.state() == AlertState.FIRING) {
          logger.info("alert {} fires for {} {} ({})", rule.name(), after.target().kind(), LogText.of(after.target().name()), after.id());
        }
      }
    }
    for (Iterator<Alert> it = mine.values().iterator(); it.hasNext(); ) {
      Alert a = it.next();
      Evaluation.Finding f = e.holding().get(a.target().id());
      if (f != null && rule.scope().contains(f.target()) || e.isUnknown(a.target().vcenter())) {
        continue;
      }
      it.remove();
      changed = true;
      if (a.state() == AlertState.FIRING) {
        resolve(a, now);
      }
    }
    return changed;
  }

  /**
   * Moves a firing alert to the resolved ones, owing its end to each channel told it fired, and to
   * each that was not told at all (down meanwhile) unless a silence covers it: nothing that fired
   * goes untold.
   */
  private void resolve(Alert a, Instant now) {
    Set<String> owed = new HashSet<>();
    boolean silenced = Dispatch.silenced(a, silences, now);
    for (Outbox o : outboxes.values()) {
      Channel c = o.channel();
      if (a.notified().containsKey(c.name()) || !silenced && c.accepts(a.severity())) {
        owed.add(c.name());
      }
    }
    Alert r = a.resolved(now, owed);
    resolved.put(r.id(), r);
    logger.info("alert {} resolved for {} {} ({})", a.rule(), a.target().kind(), LogText.of(a.target().name()), a.id());
  }

  /** Forgets resolved alerts past 30 days (or past the most kept) and silences ended as long ago. */
  private boolean prune(Instant now) {
    boolean changed = false;
    Instant cutoff = now.minus(HISTORY);
    for (Iterator<Alert> it = resolved.values().iterator(); it.hasNext(); ) {
      Alert a = it.next();
      if (resolved.size() > HISTORY_MAX || a.resolvedAt().isBefore(cutoff)) {
        it.remove();
        changed = true;
      } else {
        break; // oldest first: the rest are younger
      }
    }
    changed |= silences.removeIf(s -> s.endsAt().isBefore(cutoff));
    return changed;
  }

  /** Hands each channel the notifications due now. */
  private void dispatch(Instant now) {
    if (outboxes.isEmpty()) {
      return;
    }
    List<Alert> firing = new ArrayList<>();
    active.values().forEach(m -> firing.addAll(m.values()));
    List<Alert> owing = resolved.values().stream().filter(a -> !a.owed().isEmpty()).toList();
    for (Outbox o : outboxes.values()) {
      List<Notification> due = Dispatch.due(o.channel(), firing, owing, silences, now);
      if (!due.isEmpty()) {
        o.offer(due);
      }
    }
  }

  /** A channel took a notification at {@code at}: its firing alerts are marked told, its resolved ones settled. */
  synchronized void delivered(String channel, Notification n, Instant at) {
    for (Alert a : n.firing()) {
      Map<String, Alert> mine = active.get(a.rule());
      Alert now = mine == null ? null : mine.get(a.target().id());
      if (now != null && now.id().equals(a.id())) {
        mine.put(a.target().id(), now.notified(channel, at));
      } else {
        // resolved meanwhile: it was told it fires, so it is owed the end
        Alert r = resolved.get(a.id());
        if (r != null && !r.owed().contains(channel)) {
          Set<String> owed = new HashSet<>(r.owed());
          owed.add(channel);
          resolved.put(r.id(), r.notified(channel, at).resolved(r.resolvedAt(), owed));
        }
      }
    }
    for (Alert a : n.resolved()) {
      Alert r = resolved.get(a.id());
      if (r != null) {
        resolved.put(r.id(), r.settled(channel));
      }
    }
    publish(true);
  }

  /** Adds a silence; notifications of what it covers stop at once. */
  public synchronized void silence(Silence s) {
    silences.add(s);
    audit.info("silence {} set by {} until {} rule={} targets={} reason={}", s.id(), LogText.of(s.createdBy()), s.endsAt(),
        LogText.of(s.rule() == null ? "*" : s.rule()), LogText.of(s.targets()), LogText.of(s.reason()));
    publish(true);
  }

  /** Removes a silence; what it covered and still fires is told at once. Whether there was one. */
  public synchronized boolean unsilence(String id, String by) {
    boolean removed = silences.removeIf(s -> s.id().equals(id));
    if (removed) {
      audit.info("silence {} removed by {}", id, LogText.of(by));
      publish(true);
      dispatch(clock.instant());
    }
    return removed;
  }

  /**
   * Publishes the state to readers and, when it changed, has it written to disk by the engine's
   * thread: a channel's thread is interrupted when it closes, which must not fall in a write.
   */
  private void publish(boolean changed) {
    List<Alert> all = new ArrayList<>();
    active.values().forEach(m -> all.addAll(m.values()));
    List<Alert> history = new ArrayList<>(resolved.values());
    view = new View(all, history, silences);
    if (!changed) {
      return;
    }
    unsaved = new AlertFile.Saved(AlertFile.FORMAT, all, history, silences);
    try {
      executor.execute(this::save);
    } catch (RejectedExecutionException e) {
      save(); // closed: written here, last
    }
  }

  /** Writes the newest unsaved state, if any; a later change has its own turn. */
  private void save() {
    AlertFile.Saved state;
    synchronized (this) {
      state = unsaved;
      unsaved = null;
    }
    if (state == null) {
      return;
    }
    try {
      file.write(state);
    } catch (IOException | RuntimeException e) {
      // kept in memory and written at the next change; a restart meanwhile may tell something twice
      logger.warn("cannot save the alerts' state to {}: {}", file.path(), LogText.of(e.toString()));
    }
  }

  /** Reads the saved state; alerts of rules that no longer exist resolve, owing their end to the channels told of them. */
  private synchronized void restore() {
    AlertFile.Saved saved;
    try {
      saved = file.read();
    } catch (NoSuchFileException ignored) {
      return;
    } catch (IOException | RuntimeException e) {
      Path aside = null;
      try {
        aside = file.setAside();
      } catch (IOException ignoredToo) {
        // the next write replaces it
      }
      logger.warn("the alerts' state {} is unreadable ({}), alerts start afresh{}", file.path(), LogText.of(e.getMessage()),
          aside == null ? "" : "; kept as " + aside);
      return;
    }
    Instant now = clock.instant();
    Set<String> ruleNames = new HashSet<>();
    rules.forEach(r -> ruleNames.add(r.name()));
    for (Alert a : saved.resolved()) {
      resolved.put(a.id(), withChannels(a));
    }
    for (Alert a : saved.active()) {
      if (ruleNames.contains(a.rule())) {
        active.computeIfAbsent(a.rule(), k -> new LinkedHashMap<>()).put(a.target().id(), a);
      } else if (a.state() == AlertState.FIRING) {
        Set<String> owed = new HashSet<>(a.notified().keySet());
        owed.retainAll(outboxes.keySet());
        resolved.put(a.id(), a.resolved(now, owed));
        logger.info("alert {} of {} resolved: its rule is no longer configured", a.id(), a.rule());
      }
    }
    silences.addAll(saved.silences());
    int firing = (int) saved.active().stream().filter(a -> a.state() == AlertState.FIRING).count();
    logger.info("alerts: {} firing and {} pending from the previous run, {} resolved in the last {} days, {} silences", firing,
        saved.active().size() - firing, resolved.size(), HISTORY.toDays(), silences.size());
    publish(false);
  }

  /** A resolved alert owing its end only to channels that still exist. */
  private Alert withChannels(Alert a) {
    if (outboxes.keySet().containsAll(a.owed())) {
      return a;
    }
    Set<String> owed = new HashSet<>(a.owed());
    owed.retainAll(outboxes.keySet());
    return a.resolved(a.resolvedAt(), owed);
  }

  /**
   * Stops the channels' threads, then the evaluations, letting the one under way and the writes
   * that wait end: the state on disk is the last one.
   */
  @Override
  public void close() {
    outboxes.values().forEach(Outbox::close);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        logger.warn("alerts: an evaluation still runs after 30 s; the state on disk may be older than the last change");
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    save();
  }
}
