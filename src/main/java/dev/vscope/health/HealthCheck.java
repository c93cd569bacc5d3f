package dev.vscope.health;

import java.util.List;

/**
 * One check of the Health page (issue 13): what it looks for, how bad a failure is, and which
 * entities of a vCenter fail it. Checks see everything; what a viewer may see is applied to their
 * findings afterwards ({@link HealthReport}). A new check is a class implementing this and a line
 * in {@link HealthChecks}.
 *
 * <pre>{@code
 * final class IsoMountedCheck implements HealthCheck {
 *   public String id() { return "isoMounted"; }
 *   public Text title() { return new Text("CD-ROM holding an ISO", "Lecteur de CD-ROM avec un fichier ISO"); }
 *   public Severity severity() { return Severity.WARNING; }
 *   public List<Finding> run(HealthInput in) { ... }
 * }
 * }</pre>
 */
public interface HealthCheck {

  /** The check's name in the API ({@code check}), stable: scripts key on it. */
  String id();

  /** What it looks for, in each language. */
  Text title();

  Severity severity();

  /** The entities of one vCenter that fail the check. Must not fail on missing values. */
  List<Finding> run(HealthInput input);
}
