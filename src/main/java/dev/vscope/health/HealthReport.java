package dev.vscope.health;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The checks as one viewer may see them, in their language: only the entities they may see, counted
 * alone (issue 13: no count includes a hidden entity), and a finding's other entities named only
 * where visible. Failing checks come first, the critical ones before the warnings, then the checks
 * that pass; entities in name order.
 */
public final class HealthReport {

  /** Names of other entities a detail lists at most; the rest are counted ("and 3 more"). */
  static final int MAX_OTHERS = 3;

  private HealthReport() {}

  /** One check as {@code GET /api/v1/health} answers it. */
  public record Check(String check, String title, Severity severity, int count, List<Entity> entities) {
    public Check {
      entities = List.copyOf(entities);
    }
  }

  /** An entity that fails a check, and why. */
  public record Entity(String id, String name, String detail) {}

  /**
   * @param findings per check (in the order of {@code checks}), the findings of every vCenter
   * @param datacenter only the findings of this datacenter; null for all
   * @param language "en" or "fr"
   */
  static List<Check> of(List<HealthCheck> checks, List<List<Finding>> findings, String datacenter, Predicate<String> canSee,
      String language) {
    List<Check> out = new ArrayList<>(checks.size());
    for (int i = 0; i < checks.size(); i++) {
      HealthCheck check = checks.get(i);
      List<Finding> shown = findings.get(i).stream()
          .filter(f -> (datacenter == null || datacenter.equals(f.datacenter())) && canSee.test(f.entity()))
          .sorted(Comparator.comparing(Finding::name, Comparator.nullsLast(String.CASE_INSENSITIVE_ORDER)).thenComparing(Finding::entity))
          .toList();
      List<Entity> entities = new ArrayList<>(shown.size());
      for (Finding f : shown) {
        entities.add(new Entity(f.entity(), f.name(), detail(f, canSee).in(language)));
      }
      out.add(new Check(check.id(), check.title().in(language), check.severity(), entities.size(), entities));
    }
    // failing first, critical before warning; the stable sort keeps the checks' own order otherwise
    out.sort(Comparator.comparing((Check c) -> c.count() == 0).thenComparing(Check::severity));
    return out;
  }

  /** The finding's detail, then the other entities the viewer may see, by name. */
  static Text detail(Finding f, Predicate<String> canSee) {
    if (f.others().isEmpty()) {
      return f.detail();
    }
    List<String> names = f.others().stream().filter(o -> canSee.test(o.id()))
        .map(o -> o.name() == null ? o.id() : o.name()).sorted(String.CASE_INSENSITIVE_ORDER).toList();
    if (names.isEmpty()) {
      // shared with entities this viewer may not see: said, never whose
      return f.detail().then(new Text(" — also elsewhere in this vCenter", " — aussi ailleurs dans ce vCenter"));
    }
    String listed = String.join(", ", names.subList(0, Math.min(MAX_OTHERS, names.size())));
    int more = names.size() - MAX_OTHERS;
    Text also = new Text(" — also on " + listed, " — aussi sur " + listed);
    if (more > 0) {
      also = also.then(new Text(" and " + more + " more", " et " + more + " autres"));
    }
    return f.detail().then(also);
  }
}
