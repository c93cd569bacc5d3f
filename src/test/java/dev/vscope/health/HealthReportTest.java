package dev.vscope.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The findings as one viewer gets them: only what they may see, counted alone, the other VMs of a
 * duplicate named only where visible, failing checks first.
 */
class HealthReportTest {

  record Fixed(String id, Severity severity) implements HealthCheck {
    @Override
    public Text title() {
      return new Text(id + " title", id + " titre");
    }

    @Override
    public List<Finding> run(HealthInput input) {
      return List.of();
    }
  }

  static final HealthCheck PASSING = new Fixed("passing", Severity.CRITICAL);
  static final HealthCheck WARNING = new Fixed("warning", Severity.WARNING);
  static final HealthCheck CRITICAL = new Fixed("critical", Severity.CRITICAL);

  static Finding vm(String id, String name, String dc, String detail, Finding.Other... others) {
    return new Finding(id, name, dc, new Text(detail, detail + " (fr)"), List.of(others));
  }

  static Finding.Other other(String id) {
    return new Finding.Other(id, "name of " + id);
  }

  @Test
  void failingChecksFirstCriticalBeforeWarningEntitiesByName() {
    List<HealthReport.Check> report = HealthReport.of(List.of(PASSING, WARNING, CRITICAL),
        List.of(List.of(), List.of(vm("vc:vm-2", "web-b", "vc:dc", "w")), List.of(vm("vc:vm-9", "Zeta", "vc:dc", "z"), vm("vc:vm-1", "alpha", "vc:dc", "a"))),
        null, id -> true, "en");

    assertThat(report).extracting(HealthReport.Check::check).containsExactly("critical", "warning", "passing");
    assertThat(report.get(0).entities()).extracting(HealthReport.Entity::name).containsExactly("alpha", "Zeta");
    assertThat(report.get(0).count()).isEqualTo(2);
    assertThat(report.get(2).count()).isZero();
    assertThat(report.get(2).entities()).isEmpty();
  }

  @Test
  void hiddenEntitiesAreNeitherListedNorCountedAndTheDatacenterFilters() {
    Predicate<String> sees = Set.of("vc:vm-1", "vc:vm-3")::contains;
    List<Finding> findings = List.of(vm("vc:vm-1", "a", "vc:dc-1", "x"), vm("vc:vm-2", "b", "vc:dc-1", "x"), vm("vc:vm-3", "c", "vc:dc-2", "x"));

    HealthReport.Check all = HealthReport.of(List.of(WARNING), List.of(findings), null, sees, "en").get(0);
    HealthReport.Check dc1 = HealthReport.of(List.of(WARNING), List.of(findings), "vc:dc-1", sees, "en").get(0);

    assertThat(all.entities()).extracting(HealthReport.Entity::id).containsExactly("vc:vm-1", "vc:vm-3");
    assertThat(all.count()).isEqualTo(2);
    assertThat(dc1.entities()).extracting(HealthReport.Entity::id).containsExactly("vc:vm-1");
    assertThat(dc1.count()).isEqualTo(1);
  }

  @Test
  void aDuplicateNamesOnlyTheVmsTheViewerMaySee() {
    Finding shared = vm("vc:vm-1", "a", "vc:dc", "00:50:56:00:00:01", other("vc:vm-2"), other("vc:vm-3"));

    assertThat(HealthReport.detail(shared, id -> true).en()).isEqualTo("00:50:56:00:00:01 — also on name of vc:vm-2, name of vc:vm-3");
    assertThat(HealthReport.detail(shared, id -> !id.equals("vc:vm-3")).en()).isEqualTo("00:50:56:00:00:01 — also on name of vc:vm-2");
    assertThat(HealthReport.detail(shared, "vc:vm-1"::equals).en()).isEqualTo("00:50:56:00:00:01 — also elsewhere in this vCenter");
    assertThat(HealthReport.detail(shared, "vc:vm-1"::equals).fr()).isEqualTo("00:50:56:00:00:01 (fr) — aussi ailleurs dans ce vCenter");
  }

  @Test
  void aValueSharedByManyNamesAFewAndCountsTheVisibleRest() {
    Finding shared = vm("vc:vm-0", "a", "vc:dc", "10.0.0.1", other("vc:vm-1"), other("vc:vm-2"), other("vc:vm-3"), other("vc:vm-4"),
        other("vc:vm-5"), other("vc:vm-6"));
    Predicate<String> sees = id -> !id.equals("vc:vm-6");

    assertThat(HealthReport.detail(shared, sees).en()).isEqualTo("10.0.0.1 — also on name of vc:vm-1, name of vc:vm-2, name of vc:vm-3 and 2 more");
    assertThat(HealthReport.detail(shared, sees).fr()).isEqualTo("10.0.0.1 (fr) — aussi sur name of vc:vm-1, name of vc:vm-2, name of vc:vm-3 et 2 autres");
  }

  @Test
  void titlesInTheCallersLanguage() {
    assertThat(HealthReport.of(List.of(WARNING), List.of(List.of()), null, id -> true, "fr").get(0).title()).isEqualTo("warning titre");
  }
}
