package dev.vscope.alert;

import dev.vscope.config.Severity;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A notification in words, for a mail and for a webhook's {@code text}: a subject line and one
 * line per alert (what, where, the value, since when, the link), at most {@link #MAX_LINES} of
 * them; the rest are counted. Times in UTC, as a mail read anywhere needs.
 */
final class NotificationText {

  static final int MAX_LINES = 100;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private NotificationText() {}

  /** {@code [vscope] FIRING 3: vm-cpu-ready (warning)}, or RESOLVED, or both counts. */
  static String subject(Notification n) {
    StringBuilder s = new StringBuilder("[vscope] ");
    if (!n.firing().isEmpty()) {
      s.append("FIRING ").append(n.firing().size());
    }
    if (!n.resolved().isEmpty()) {
      s.append(n.firing().isEmpty() ? "" : ", ").append("RESOLVED ").append(n.resolved().size());
    }
    return s.append(": ").append(n.group()).append(" (").append(severity(n)).append(')').toString();
  }

  /** The body: the summary, then the firing alerts and the resolved ones, each with its link. */
  static String body(Notification n, Links links) {
    StringBuilder b = new StringBuilder();
    Alert first = !n.firing().isEmpty() ? n.firing().get(0) : n.resolved().get(0);
    b.append(first.summary()).append("\n");
    int lines = 0;
    lines = section(b, "Firing", n.firing(), links, lines);
    lines = section(b, "Resolved", n.resolved(), links, lines);
    int total = n.firing().size() + n.resolved().size();
    if (total > lines) {
      b.append("\n… and ").append(total - lines).append(" more: ").append(links.alertsPage()).append("\n");
    }
    b.append("\n").append(links.alertsPage()).append("\n");
    return b.toString();
  }

  private static int section(StringBuilder b, String title, List<Alert> alerts, Links links, int lines) {
    if (alerts.isEmpty()) {
      return lines;
    }
    b.append("\n").append(title).append(":\n");
    for (Alert a : alerts) {
      if (lines >= MAX_LINES) {
        return lines;
      }
      b.append("- ").append(line(a)).append("\n  ").append(links.of(a)).append("\n");
      lines++;
    }
    return lines;
  }

  /** {@code web-01 (vm, DC0 / Cluster-A / esx01): 12.5 percent, since 2026-12-03 14:00 UTC} */
  static String line(Alert a) {
    StringBuilder s = new StringBuilder(a.target().name()).append(" (").append(a.target().kind());
    String where = where(a.target());
    if (!where.isEmpty()) {
      s.append(", ").append(where);
    }
    s.append(')');
    if (a.value() != null && a.threshold() != null) {
      s.append(": ").append(a.threshold().metric()).append(' ').append(MetricCondition.format(Math.round(a.value() * 100) / 100.0))
          .append(' ').append(a.threshold().unit()).append(a.threshold().above() ? " > " : " < ")
          .append(MetricCondition.format(a.threshold().value()));
    }
    s.append(", since ").append(time(a.firingSince() != null ? a.firingSince() : a.activeSince()));
    if (a.resolvedAt() != null) {
      s.append(", resolved ").append(time(a.resolvedAt()));
    }
    return s.toString();
  }

  /** {@code DC0 / Cluster-A / esx01}: the datacenter, the cluster and the host the target lies in, as far as one of each. */
  static String where(Target t) {
    StringBuilder s = new StringBuilder();
    if (t.vcenter() != null && t.kind() != Target.Kind.VCENTER) {
      s.append(t.vcenter());
    }
    if (t.datacenter() != null) {
      s.append(" / ").append(t.datacenter().name());
    }
    if (t.clusters().size() == 1 && t.kind() != Target.Kind.CLUSTER) {
      s.append(" / ").append(t.clusters().get(0).name());
    }
    if (t.hosts().size() == 1 && t.kind() != Target.Kind.HOST) {
      s.append(" / ").append(t.hosts().get(0).name());
    }
    return s.toString();
  }

  static String time(Instant t) {
    return TIME.format(t);
  }

  /** The group's severity: the highest of its alerts (a group is one rule, so one severity). */
  static Severity severity(Notification n) {
    Severity s = Severity.WARNING;
    for (List<Alert> list : List.of(n.firing(), n.resolved())) {
      for (Alert a : list) {
        if (a.severity() == Severity.CRITICAL) {
          s = Severity.CRITICAL;
        }
      }
    }
    return s;
  }
}
