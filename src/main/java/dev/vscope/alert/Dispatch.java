package dev.vscope.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a channel must be told now, one notification per group (rule) that has news: an alert that
 * fires and was not told, or whose repeat interval has passed since it was told; an alert that
 * resolved and whose end this channel is owed. A group's notification carries all its firing
 * alerts, so that each one shows the whole group. Silenced alerts and those of a severity the
 * channel does not take are left out.
 */
final class Dispatch {

  private Dispatch() {}

  /**
   * @param active the alerts pending or firing
   * @param resolved the resolved alerts that still owe their resolution to some channel
   */
  static List<Notification> due(Channel c, Collection<Alert> active, Collection<Alert> resolved, List<Silence> silences, Instant now) {
    Map<String, List<Alert>> firing = new LinkedHashMap<>();
    Map<String, Boolean> news = new LinkedHashMap<>();
    for (Alert a : active) {
      if (a.state() != AlertState.FIRING || !c.accepts(a.severity()) || silenced(a, silences, now)) {
        continue;
      }
      firing.computeIfAbsent(a.rule(), k -> new ArrayList<>()).add(a);
      Instant told = a.notified().get(c.name());
      if (told == null || !now.isBefore(told.plus(c.repeatInterval()))) {
        news.put(a.rule(), true);
      }
    }
    Map<String, List<Alert>> ended = new LinkedHashMap<>();
    for (Alert a : resolved) {
      if (a.owed().contains(c.name())) {
        ended.computeIfAbsent(a.rule(), k -> new ArrayList<>()).add(a);
        news.put(a.rule(), true);
      }
    }
    List<Notification> out = new ArrayList<>();
    for (String group : news.keySet()) {
      out.add(new Notification(c.name(), group, now, firing.getOrDefault(group, List.of()), ended.getOrDefault(group, List.of())));
    }
    return out;
  }

  static boolean silenced(Alert a, List<Silence> silences, Instant now) {
    for (Silence s : silences) {
      if (s.matches(a, now)) {
        return true;
      }
    }
    return false;
  }
}
