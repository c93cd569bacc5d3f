package dev.vscope.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackfillBudgetTest {

  /** At a 60 s interval, 20 s samples: a steady cycle asks for 3 samples, at most 7 with the overlap. */
  private static EntityQuery query(String id, int maxSample) {
    return new EntityQuery(id, null, Metric.Kind.VM, 1, Instant.EPOCH, 20, maxSample, List.of(), Map.of(), Map.of());
  }

  private static List<EntityQuery> queries(int steady, int backfill) {
    List<EntityQuery> all = new ArrayList<>();
    IntStream.range(0, steady).forEach(i -> all.add(query("steady-" + i, 4)));
    IntStream.range(0, backfill).forEach(i -> all.add(query("backfill-" + i, 180)));
    return all;
  }

  @Test
  void aSteadyCycleKeepsEveryQueryAndTheBudgetsWorthOfBackfill() {
    BackfillBudget budget = new BackfillBudget(60);
    budget.set(10);
    List<EntityQuery> kept = budget.thisCycle(queries(5, 25), false);
    assertThat(kept).filteredOn(q -> q.entityId().startsWith("steady")).hasSize(5);
    assertThat(kept).filteredOn(q -> q.entityId().startsWith("backfill")).extracting(EntityQuery::entityId)
        .containsExactly(IntStream.range(0, 10).mapToObj(i -> "backfill-" + i).toArray(String[]::new));
  }

  @Test
  void aCycleThatConnectsBackfillsAQuarter() {
    BackfillBudget budget = new BackfillBudget(60);
    budget.set(100);
    assertThat(budget.thisCycle(queries(5, 250), true)).filteredOn(q -> q.entityId().startsWith("backfill")).hasSize(25);
  }

  @Test
  void aBackfillIsMoreThanTwoIntervalsAndASample() {
    BackfillBudget budget = new BackfillBudget(60);
    assertThat(budget.isBackfill(query("a", 7))).isFalse();
    assertThat(budget.isBackfill(query("a", 8))).isTrue();
  }

  @Test
  void vcentersOfOneVscopeShareTheBudget() {
    BackfillBudget budget = new BackfillBudget(60);
    budget.shareAmong(4);
    assertThat(budget.entities()).isEqualTo(BackfillBudget.SHARED / 4);
    budget.shareAmong(100_000);
    assertThat(budget.entities()).isEqualTo(1);
  }
}
