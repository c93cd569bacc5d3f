package dev.vscope.alert;

import dev.vscope.config.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * One alert: a rule's condition holding for one target, from when it started to hold until it
 * stops, with what each channel was told of it. Immutable: each change makes a new one. Kept on
 * disk ({@link AlertFile}), so that a restart neither tells the channels again what they were told
 * nor forgets to tell them of a resolution.
 *
 * @param id this alert's id: the same rule and target firing again later is another alert
 * @param activeSince when the condition was first found to hold
 * @param firingSince when it fired; null while pending
 * @param resolvedAt when the condition was found to hold no more; null until then
 * @param value the value the condition last held with (a metric's); null for conditions without one
 * @param summary the rule's summary, or its condition in words
 * @param threshold the metric and threshold of a metric rule, for the graph link; null for others
 * @param notified channel name → when that channel was last told this alert fires
 * @param owed the channels still to be told that it resolved
 */
public record Alert(
    String id,
    String rule,
    Severity severity,
    Target target,
    AlertState state,
    Instant activeSince,
    Instant firingSince,
    Instant resolvedAt,
    Double value,
    String summary,
    Condition.Threshold threshold,
    Map<String, Instant> notified,
    Set<String> owed) {

  public Alert {
    notified = notified == null ? Map.of() : Map.copyOf(notified);
    owed = owed == null ? Set.of() : Set.copyOf(owed);
  }

  /** A new alert, pending (or firing at once when the rule has no duration). */
  static Alert start(Rule rule, Target target, Double value, Instant now) {
    String summary = rule.config().summary() != null ? rule.config().summary() : rule.condition().describe();
    Alert pending = new Alert(id(rule.name(), target.id(), now), rule.name(), rule.severity(), target, AlertState.PENDING, now, null, null,
        value, summary, rule.condition().threshold(), Map.of(), Set.of());
    return pending.heldAt(rule, value, now);
  }

  /** Found holding again at {@code now}: fires once the rule's duration has passed. */
  Alert heldAt(Rule rule, Double v, Instant now) {
    boolean fires = state == AlertState.PENDING && !now.isBefore(activeSince.plus(rule.holdFor()));
    return new Alert(id, this.rule, severity, target, fires ? AlertState.FIRING : state, activeSince, fires ? now : firingSince, resolvedAt,
        v, summary, threshold, notified, owed);
  }

  /** Resolved at {@code now}, owing the resolution to these channels. */
  Alert resolved(Instant now, Set<String> channels) {
    return new Alert(id, rule, severity, target, AlertState.RESOLVED, activeSince, firingSince, now, value, summary, threshold, notified, channels);
  }

  /** Told {@code channel} at {@code at} that it fires. */
  Alert notified(String channel, Instant at) {
    Map<String, Instant> n = new HashMap<>(notified);
    n.put(channel, at);
    return new Alert(id, rule, severity, target, state, activeSince, firingSince, resolvedAt, value, summary, threshold, n, owed);
  }

  /** Told {@code channel} that it resolved. */
  Alert settled(String channel) {
    Set<String> o = new HashSet<>(owed);
    o.remove(channel);
    return new Alert(id, rule, severity, target, state, activeSince, firingSince, resolvedAt, value, summary, threshold, notified, o);
  }

  /** The key of the condition: one rule, one target. At most one alert of a key is active at a time. */
  String key() {
    return key(rule, target.id());
  }

  static String key(String rule, String targetId) {
    return rule + '\u0000' + targetId;
  }

  /** A short id, the same for the same rule, target and start (so a file written twice keeps it). */
  private static String id(String rule, String target, Instant since) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((rule + '\u0000' + target + '\u0000' + since).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java", e);
    }
  }
}
