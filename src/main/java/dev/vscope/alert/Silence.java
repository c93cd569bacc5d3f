package dev.vscope.alert;

import java.time.Instant;
import java.util.List;

/**
 * A silence: while it lasts, the alerts it matches notify nobody (they still show, marked
 * silenced). It matches an alert of its rule (any rule when null) whose target is one of its
 * targets or lies in one: an entity, a datacenter, cluster, host or datastore id, a vCenter's name,
 * or {@code store}.
 *
 * @param createdBy the user who set it ({@code -} when login is off)
 */
public record Silence(String id, String rule, List<String> targets, Instant createdAt, Instant endsAt, String reason, String createdBy) {

  public Silence {
    targets = List.copyOf(targets);
  }

  public boolean active(Instant now) {
    return now.isBefore(endsAt);
  }

  public boolean matches(Alert a, Instant now) {
    if (!active(now) || rule != null && !rule.equals(a.rule())) {
      return false;
    }
    for (String t : targets) {
      if (a.target().within(t)) {
        return true;
      }
    }
    return false;
  }
}
