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
    boolean fromPreviousRun) {

  public VcenterStatus {
    recentDurationsMs = List.copyOf(recentDurationsMs);
    skipped = Map.copyOf(skipped);
    missingCounters = List.copyOf(missingCounters);
  }

  static VcenterStatus starting(String name, long intervalSeconds) {
    return new VcenterStatus(name, CollectionState.STARTING, null, null, null, null, null, intervalSeconds, List.of(), Map.of(), List.of(), null,
        false);
  }

  /** Before this run's first cycle, with the previous run's data collected at {@code collectedAt}. */
  static VcenterStatus previousRun(String name, long intervalSeconds, Instant collectedAt) {
    return new VcenterStatus(name, CollectionState.STARTING, null, collectedAt, null, null, null, intervalSeconds, List.of(), Map.of(), List.of(),
        null, true);
  }

  /** The same status with another list of skipped entities (a viewer's share of them). */
  public VcenterStatus withSkipped(Map<String, String> entities) {
    return new VcenterStatus(name, state, lastAttempt, lastSuccess, durationMs, error, errorAt, intervalSeconds, recentDurationsMs,
        entities, missingCounters, inventoryFallback, fromPreviousRun);
  }
}
