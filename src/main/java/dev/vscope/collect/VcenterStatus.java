package dev.vscope.collect;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How collection from one vCenter goes: what the status page and {@code /api/v1/status} show.
 *
 * @param state {@code STARTING} before the first cycle ends, {@code OK} when the last cycle
 *     succeeded, {@code FAILING} when it failed
 * @param durationMs duration of the last completed cycle, null before the first
 * @param error the current error, null once a cycle succeeds again
 * @param recentDurationsMs durations of the last cycles, oldest first, for a trend
 * @param skipped entities the last cycle could not read, with the reason
 * @param missingCounters counters this vCenter does not offer (statistics level too low, say)
 * @param inventoryFallback why the inventory is read whole every cycle instead of followed
 *     incrementally (a vCenter that ignores page limits, issue 11); null while it is followed
 * @param fromPreviousRun the inventory and values shown were collected by vscope's previous run, at
 *     {@code lastSuccess}, and read back from disk at start ({@link LastSnapshots}); true until this
 *     run's first cycle succeeds, so that they are shown as stale however young they are (issue 15)
 * @param events how reading the vCenter's events goes (issue 13)
 * @param failure why the last cycle failed; null unless {@code state} is {@code FAILING}
 */
public record VcenterStatus(
    String name,
    CollectionState state,
    Instant lastAttempt,
    Instant lastSuccess,
    Long durationMs,
    String error,
    Instant errorAt,
    long intervalSeconds,
    List<Long> recentDurationsMs,
    Map<String, String> skipped,
    List<String> missingCounters,
    String inventoryFallback,
    boolean fromPreviousRun,
    EventsStatus events,
    CollectionFailure failure) {

  public VcenterStatus {
    recentDurationsMs = List.copyOf(recentDurationsMs);
    skipped = Map.copyOf(skipped);
    missingCounters = List.copyOf(missingCounters);
    events = events == null ? EventsStatus.starting() : events;
  }

  /** A status with no failure cause, as before causes were told apart. */
  public VcenterStatus(String name, CollectionState state, Instant lastAttempt, Instant lastSuccess, Long durationMs, String error,
      Instant errorAt, long intervalSeconds, List<Long> recentDurationsMs, Map<String, String> skipped, List<String> missingCounters,
      String inventoryFallback, boolean fromPreviousRun, EventsStatus events) {
    this(name, state, lastAttempt, lastSuccess, durationMs, error, errorAt, intervalSeconds, recentDurationsMs, skipped, missingCounters,
        inventoryFallback, fromPreviousRun, events, state == CollectionState.FAILING ? CollectionFailure.INTERNAL : null);
  }

  static VcenterStatus starting(String name, long intervalSeconds) {
    return new VcenterStatus(name, CollectionState.STARTING, null, null, null, null, null, intervalSeconds, List.of(), Map.of(), List.of(), null,
        false, null, null);
  }

  /** Before this run's first cycle, with the previous run's data collected at {@code collectedAt}. */
  static VcenterStatus previousRun(String name, long intervalSeconds, Instant collectedAt) {
    return new VcenterStatus(name, CollectionState.STARTING, null, collectedAt, null, null, null, intervalSeconds, List.of(), Map.of(), List.of(),
        null, true, null, null);
  }

  /** The same status with another list of skipped entities (a viewer's share of them). */
  public VcenterStatus withSkipped(Map<String, String> entities) {
    return next().skipped(entities).build();
  }

  /** The status after this one: what a cycle does not change is kept. */
  Next next() {
    return new Next(this);
  }

  /**
   * The next status of a vCenter, told by what happened rather than by twelve positional
   * arguments: {@code status.next().attempt(at).succeeded(end, ms).build()}.
   */
  static final class Next {
    private final VcenterStatus from;
    private CollectionState state;
    private Instant lastAttempt;
    private Instant lastSuccess;
    private Long durationMs;
    private String error;
    private Instant errorAt;
    private List<Long> recentDurationsMs;
    private Map<String, String> skipped;
    private List<String> missingCounters;
    private String inventoryFallback;
    private boolean fromPreviousRun;
    private EventsStatus events;
    private CollectionFailure failure;

    private Next(VcenterStatus from) {
      this.from = from;
      state = from.state;
      lastAttempt = from.lastAttempt;
      lastSuccess = from.lastSuccess;
      durationMs = from.durationMs;
      error = from.error;
      errorAt = from.errorAt;
      recentDurationsMs = from.recentDurationsMs;
      skipped = from.skipped;
      missingCounters = from.missingCounters;
      inventoryFallback = from.inventoryFallback;
      fromPreviousRun = from.fromPreviousRun;
      events = from.events;
      failure = from.failure;
    }

    /** A cycle started at {@code at}. */
    Next attempt(Instant at) {
      lastAttempt = at;
      return this;
    }

    /** The data shown is this run's: the cycle read the inventory, whether or not it stored everything. */
    Next thisRun() {
      fromPreviousRun = false;
      return this;
    }

    /** The cycle ended at {@code at} with everything stored: OK, no error any more, and this run's data. */
    Next succeeded(Instant at, long ms) {
      state = CollectionState.OK;
      fromPreviousRun = false;
      lastSuccess = at;
      durationMs = ms;
      error = null;
      errorAt = null;
      failure = null;
      return this;
    }

    /** The cycle failed at {@code at}, for that cause; the last success stays what it was. */
    Next failed(String why, Instant at, CollectionFailure cause) {
      state = CollectionState.FAILING;
      error = why;
      errorAt = at;
      failure = cause;
      return this;
    }

    /** How long the cycle took, when it ran to its end (failing or not). */
    Next duration(long ms) {
      durationMs = ms;
      return this;
    }

    Next recentDurations(List<Long> ms) {
      recentDurationsMs = ms;
      return this;
    }

    Next skipped(Map<String, String> entities) {
      skipped = entities;
      return this;
    }

    Next missingCounters(List<String> counters) {
      missingCounters = counters;
      return this;
    }

    Next inventoryFallback(String why) {
      inventoryFallback = why;
      return this;
    }

    Next events(EventsStatus status) {
      events = status;
      return this;
    }

    VcenterStatus build() {
      return new VcenterStatus(from.name, state, lastAttempt, lastSuccess, durationMs, error, errorAt, from.intervalSeconds, recentDurationsMs,
          skipped, missingCounters, inventoryFallback, fromPreviousRun, events, failure);
    }
  }
}
