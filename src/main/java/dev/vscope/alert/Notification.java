package dev.vscope.alert;

import java.time.Instant;
import java.util.List;

/**
 * What one channel is told of one group of alerts (one rule's) at once: the alerts that fire (all
 * those of the group, so that a repeat shows the whole group), and those that resolved and were
 * not told yet.
 *
 * @param at when it was made; a channel that receives it is marked told at this time
 */
public record Notification(String channel, String group, Instant at, List<Alert> firing, List<Alert> resolved) {

  public Notification {
    firing = List.copyOf(firing);
    resolved = List.copyOf(resolved);
  }

  /** Whether the other tells the same alerts in the same states (the values may have moved; the news are the same). */
  boolean sameNews(Notification other) {
    return ids(firing).equals(ids(other.firing)) && ids(resolved).equals(ids(other.resolved));
  }

  private static java.util.Set<String> ids(List<Alert> alerts) {
    java.util.Set<String> out = new java.util.HashSet<>();
    alerts.forEach(a -> out.add(a.id()));
    return out;
  }

  /** Firing when anything of the group fires, else resolved. */
  public AlertState status() {
    return firing.isEmpty() ? AlertState.RESOLVED : AlertState.FIRING;
  }
}
