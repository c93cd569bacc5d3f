package dev.vscope.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A vCenter's status from one cycle to the next: what each outcome changes, and what it keeps. */
class VcenterStatusTest {

  private static final Instant T = Instant.parse("2026-05-05T10:00:00Z");

  @Test
  void aSuccessClearsTheErrorAndAFailureKeepsTheLastSuccess() {
    VcenterStatus starting = VcenterStatus.starting("prod", 60);
    VcenterStatus ok = starting.next().attempt(T).succeeded(T.plusSeconds(3), 3_000).recentDurations(List.of(3_000L))
        .missingCounters(List.of("cpu.ready.summation")).build();
    assertThat(ok).isEqualTo(new VcenterStatus("prod", CollectionState.OK, T, T.plusSeconds(3), 3_000L, null, null, 60, List.of(3_000L),
        Map.of(), List.of("cpu.ready.summation"), null, false, null));

    VcenterStatus failing = ok.next().attempt(T.plusSeconds(60)).failed("prod: QueryPerf failed with NotAuthenticated: gone",
        T.plusSeconds(61), CollectionFailure.VCENTER).build();
    assertThat(failing).isEqualTo(new VcenterStatus("prod", CollectionState.FAILING, T.plusSeconds(60), T.plusSeconds(3), 3_000L,
        "prod: QueryPerf failed with NotAuthenticated: gone", T.plusSeconds(61), 60, List.of(3_000L), Map.of(), List.of("cpu.ready.summation"),
        null, false, null, CollectionFailure.VCENTER));

    VcenterStatus again = failing.next().attempt(T.plusSeconds(120)).succeeded(T.plusSeconds(122), 2_000)
        .recentDurations(List.of(3_000L, 2_000L)).build();
    assertThat(again.state()).isEqualTo(CollectionState.OK);
    assertThat(again.error()).isNull();
    assertThat(again.errorAt()).isNull();
    assertThat(again.failure()).as("a success clears the cause with the error").isNull();
    assertThat(again.lastSuccess()).isEqualTo(T.plusSeconds(122));
    assertThat(again.durationMs()).isEqualTo(2_000L);
  }

  @Test
  void withSkippedChangesOnlyTheSkippedEntities() {
    VcenterStatus ok = VcenterStatus.starting("prod", 60).next().attempt(T).succeeded(T.plusSeconds(1), 1_000)
        .skipped(Map.of("prod:vm-1", "gone", "prod:vm-2", "gone")).build();
    VcenterStatus mine = ok.withSkipped(Map.of("prod:vm-1", "gone"));
    assertThat(mine.skipped()).containsOnlyKeys("prod:vm-1");
    assertThat(mine).isEqualTo(new VcenterStatus("prod", CollectionState.OK, T, T.plusSeconds(1), 1_000L, null, null, 60, List.of(), Map.of("prod:vm-1", "gone"),
        List.of(), null, false, null));
  }

  @Test
  void thePreviousRunsDataStaysMarkedUntilThisRunReadsTheInventory() {
    VcenterStatus previous = VcenterStatus.previousRun("prod", 60, T.minusSeconds(600));
    VcenterStatus failed = previous.next().attempt(T).failed("prod: cannot connect", T.plusSeconds(1), CollectionFailure.VCENTER).build();
    assertThat(failed.fromPreviousRun()).as("a failed connection shows the previous run's data still").isTrue();
    assertThat(failed.lastSuccess()).isEqualTo(T.minusSeconds(600));
    assertThat(failed.next().attempt(T.plusSeconds(60)).failed("prod: store full", T.plusSeconds(62), CollectionFailure.STORE).thisRun().build().fromPreviousRun())
        .as("a cycle that read the inventory but could not store it all shows this run's").isFalse();
    assertThat(failed.next().attempt(T.plusSeconds(60)).succeeded(T.plusSeconds(62), 2_000).build().fromPreviousRun()).isFalse();
  }
}
