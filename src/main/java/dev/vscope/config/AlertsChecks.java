package dev.vscope.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks of the {@code alerts} block that need no vCenter and no metric catalog: names, the
 * shape of each rule, the dimensions of its scope, the vCenters it names, and each channel's
 * settings and files. Each error names the file and the line the rule or channel starts at. (The
 * metric of a rule is checked against the metrics vscope keeps when the rules are compiled, by
 * {@code dev.vscope.alert.RuleBook}, with the same line.)
 */
final class AlertsChecks {

  static final String NAME = "[a-z0-9-]{1,63}";
  static final List<String> TYPES = List.of("vm", "host", "datastore", "cluster");
  static final List<String> COLLECTION = List.of("vcenterUnreachable", "stale", "storeFailing");

  private AlertsChecks() {}

  /**
   * The block, checked, with channel passwords read and files resolved against {@code baseDir}.
   *
   * @param vcenters the configured vCenters' names; empty in demo mode, where scopes are not checked against them
   */
  static AlertsConfig check(AlertsConfig a, String source, Path baseDir, Set<String> vcenters) {
    if (a.evaluationInterval().compareTo(Duration.ofSeconds(1)) < 0 || a.evaluationInterval().compareTo(Duration.ofMinutes(10)) > 0) {
      throw error(source, 0, "alerts.evaluationInterval must be between 1s and 10m");
    }
    if (a.repeatInterval().compareTo(Duration.ofMinutes(1)) < 0) {
      throw error(source, 0, "alerts.repeatInterval must be at least 1m");
    }
    if (a.externalUrl() != null) {
      httpUrl(a.externalUrl(), source, 0, "alerts.externalUrl");
    }
    Set<String> ruleNames = new HashSet<>();
    for (int i = 0; i < a.rules().size(); i++) {
      RuleConfig r = a.rules().get(i);
      String where = "alerts.rules[" + i + "]";
      name(r.name(), source, r.line(), where, ruleNames);
      rule(r, source, where + " (" + r.name() + ")", vcenters);
    }
    Set<String> channels = new HashSet<>();
    List<EmailConfig> mail = new ArrayList<>();
    for (int i = 0; i < a.email().size(); i++) {
      mail.add(email(a.email().get(i), source, baseDir, "alerts.email[" + i + "]", channels));
    }
    List<WebhookConfig> hooks = new ArrayList<>();
    for (int i = 0; i < a.webhooks().size(); i++) {
      WebhookConfig w = a.webhooks().get(i);
      String where = "alerts.webhooks[" + i + "]";
      name(w.name(), source, w.line(), where, channels);
      httpUrl(w.url(), source, w.line(), where + ".url");
      timeout(w.timeout(), source, w.line(), where);
      hooks.add(w.withCaFile(caFile(w.caFile(), baseDir, source, w.line(), where)));
    }
    List<AlertmanagerConfig> managers = new ArrayList<>();
    for (int i = 0; i < a.alertmanagers().size(); i++) {
      AlertmanagerConfig m = a.alertmanagers().get(i);
      String where = "alerts.alertmanagers[" + i + "]";
      name(m.name(), source, m.line(), where, channels);
      httpUrl(m.url(), source, m.line(), where + ".url");
      timeout(m.timeout(), source, m.line(), where);
      if (m.resendInterval().compareTo(Duration.ofSeconds(10)) < 0 || m.resendInterval().compareTo(Duration.ofHours(1)) > 0) {
        throw error(source, m.line(), where + ".resendInterval must be between 10s and 1h");
      }
      managers.add(m.withCaFile(caFile(m.caFile(), baseDir, source, m.line(), where)));
    }
    return a.with(mail, hooks, managers, source);
  }

  private static void rule(RuleConfig r, String source, String where, Set<String> vcenters) {
    int line = r.line();
    boolean metric = r.metric() != null;
    // what a rule watches: exactly one source
    long sources = java.util.stream.Stream.of(r.metric(), r.collection(), r.health(), r.alarm()).filter(java.util.Objects::nonNull).count();
    if (sources != 1) {
      throw error(source, line, where + " needs one of metric (with type and above or below), collection, health or alarm");
    }
    if (r.alarm() != null && r.alarm().isBlank()) {
      throw error(source, line, where + ".alarm needs an alarm's name (or a pattern such as \"Host *\")");
    }
    if (metric) {
      if (r.type() == null || !TYPES.contains(r.type())) {
        throw error(source, line, where + ".type must be one of " + String.join(", ", TYPES) + " (the entities whose metric it watches)");
      }
      if ((r.above() == null) == (r.below() == null)) {
        throw error(source, line, where + " needs exactly one of above and below (its threshold)");
      }
      double threshold = r.above() != null ? r.above() : r.below();
      if (!Double.isFinite(threshold)) {
        throw error(source, line, where + ": the threshold must be a number");
      }
    } else {
      if (r.collection() != null && !COLLECTION.contains(r.collection())) {
        throw error(source, line, where + ".collection must be one of " + String.join(", ", COLLECTION));
      }
      if (r.type() != null || r.above() != null || r.below() != null) {
        throw error(source, line, where + ": only a metric rule has a type, above or below");
      }
    }
    if (r.holdFor().isNegative() || r.holdFor().compareTo(Duration.ofDays(7)) > 0) {
      throw error(source, line, where + ".for must be between 0s and 7d");
    }
    if (r.summary() != null && r.summary().length() > 500) {
      throw error(source, line, where + ".summary must be at most 500 characters");
    }
    // a health check's failing entities and an alarm's may be of any type; collection rules watch vCenters
    String watched = metric ? r.type() : r.health() != null || r.alarm() != null ? "any" : "vcenter";
    scope(r.scope(), watched, source, line, where + ".scope", vcenters);
    if (r.scope().exclude() != null) {
      if (r.scope().exclude().exclude() != null) {
        throw error(source, line, where + ".scope.exclude has no exclude of its own");
      }
      scope(r.scope().exclude(), watched, source, line, where + ".scope.exclude", vcenters);
    }
  }

  /** Refuses a dimension that cannot hold the rule's entities, an empty pattern and an unknown vCenter. */
  private static void scope(ScopeConfig s, String type, String source, int line, String where, Set<String> vcenters) {
    List<String> allowed = switch (type) {
      case "vm" -> List.of("vcenters", "datacenters", "clusters", "hosts", "datastores", "vms");
      case "host" -> List.of("vcenters", "datacenters", "clusters", "hosts", "datastores");
      case "datastore" -> List.of("vcenters", "datacenters", "clusters", "hosts", "datastores");
      case "cluster" -> List.of("vcenters", "datacenters", "clusters");
      case "any" -> List.of("vcenters", "datacenters", "clusters", "hosts", "datastores", "vms");
      default -> List.of("vcenters"); // collection rules watch vCenters, and the store
    };
    List<List<String>> dims = List.of(s.vcenters(), s.datacenters(), s.clusters(), s.hosts(), s.datastores(), s.vms());
    List<String> keys = List.of("vcenters", "datacenters", "clusters", "hosts", "datastores", "vms");
    for (int d = 0; d < dims.size(); d++) {
      List<String> names = dims.get(d);
      if (names.isEmpty()) {
        continue;
      }
      if (!allowed.contains(keys.get(d))) {
        throw error(source, line, where + "." + keys.get(d) + " cannot scope a rule on " + (type.equals("vcenter") ? "collection" : type + "s")
            + " (it may use " + String.join(", ", allowed) + ")");
      }
      for (String n : names) {
        if (n == null || n.isBlank()) {
          throw error(source, line, where + "." + keys.get(d) + " has an empty name");
        }
      }
    }
    if (!vcenters.isEmpty()) {
      for (String v : s.vcenters()) {
        if (!vcenters.contains(v)) {
          throw error(source, line, where + ".vcenters: no vCenter named '" + v + "' (configured: " + String.join(", ", vcenters.stream().sorted().toList()) + ")");
        }
      }
    }
  }

  private static EmailConfig email(EmailConfig e, String source, Path baseDir, String where, Set<String> channels) {
    int line = e.line();
    name(e.name(), source, line, where, channels);
    if (e.host() == null || e.host().isBlank()) {
      throw error(source, line, where + ".host is required");
    }
    if (e.port() < 1 || e.port() > 65_535) {
      throw error(source, line, where + ".port must be between 1 and 65535");
    }
    if (e.from() == null || !e.from().contains("@")) {
      throw error(source, line, where + ".from must be an e-mail address");
    }
    if (e.to().isEmpty() || e.to().stream().anyMatch(t -> t == null || !t.contains("@"))) {
      throw error(source, line, where + ".to must list at least one e-mail address");
    }
    timeout(e.timeout(), source, line, where);
    String password = e.password();
    if (e.passwordFile() != null) {
      if (password != null) {
        throw error(source, line, where + ": set password or passwordFile, not both");
      }
      Path pf = baseDir == null ? e.passwordFile() : baseDir.resolve(e.passwordFile());
      try {
        password = Files.readString(pf).strip();
      } catch (IOException ex) {
        throw new ConfigException(prefix(source, line) + where + ".passwordFile " + pf + " cannot be read: " + ex.getClass().getSimpleName(), ex);
      }
    }
    if ((e.username() == null) != (password == null)) {
      throw error(source, line, where + ": username and password (or passwordFile) go together");
    }
    if (password != null && e.security() == EmailConfig.Security.NONE) {
      // the password would cross the network in clear
      throw error(source, line, where + ": authentication needs security starttls or tls");
    }
    return e.resolved(password, caFile(e.caFile(), baseDir, source, line, where));
  }

  private static Path caFile(Path file, Path baseDir, String source, int line, String where) {
    if (file == null) {
      return null;
    }
    Path resolved = baseDir == null ? file : baseDir.resolve(file);
    if (!Files.isReadable(resolved)) {
      throw error(source, line, where + ".caFile " + resolved + " cannot be read");
    }
    return resolved;
  }

  private static void timeout(Duration timeout, String source, int line, String where) {
    if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
      throw error(source, line, where + ".timeout must be between 1s and 5m");
    }
  }

  private static void name(String name, String source, int line, String where, Set<String> taken) {
    if (name == null || !name.matches(NAME)) {
      throw error(source, line, where + ".name must match [a-z0-9-]+");
    }
    if (!taken.add(name)) {
      throw error(source, line, where + ".name '" + name + "' is used twice");
    }
  }

  /** An http(s) URL; the message never repeats it (a webhook URL is a secret). */
  private static void httpUrl(String url, String source, int line, String where) {
    URI u;
    try {
      u = url == null ? null : URI.create(url);
    } catch (IllegalArgumentException e) {
      u = null;
    }
    if (u == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
      throw error(source, line, where + " must be an http:// or https:// URL");
    }
  }

  static ConfigException error(String source, int line, String message) {
    return new ConfigException(prefix(source, line) + message, null);
  }

  private static String prefix(String source, int line) {
    return (line > 0 ? source + ":" + line : source) + ": ";
  }
}
