package dev.vscope.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.config.CollectorConfig;
import dev.vscope.config.VcenterConfig;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.embedded.EmbeddedHistoryStore;
import dev.vscope.vim.VimUnreachableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The previous run's snapshot at start: shown as the previous run's until a cycle succeeds, saved
 * only from this run's successful cycles, ignored when its file is damaged. Collection itself runs
 * against the simulator in {@code LastStateIT}; here vCenter is unreachable.
 */
class LastSnapshotsTest {

  @TempDir Path dir;
  HistoryStore store;
  VcenterCollector collector;
  LastSnapshots last;

  @BeforeEach
  void open() {
    store = EmbeddedHistoryStore.open(dir.resolve("history"), Clock.systemUTC());
    VcenterConfig config = new VcenterConfig("prod", "https://127.0.0.1:9/sdk", "u", "p", null, null, null, false, null);
    collector = new VcenterCollector(config, CollectorConfig.defaults(), store, Clock.systemUTC(), c -> {
      throw new VimUnreachableException("prod: connection refused", null);
    });
    last = new LastSnapshots(dir);
  }

  @AfterEach
  void close() throws IOException {
    last.close();
    collector.close();
    store.close();
  }

  @Test
  void theSavedSnapshotIsShownAsThePreviousRunsUntilACycleSucceeds() throws Exception {
    SnapshotFile.Saved saved = SnapshotFileTest.saved("web-01");
    last.file("prod").write(saved);

    last.restore(collector);

    VcenterSnapshot shown = collector.snapshot();
    assertThat(shown.inventory()).isEqualTo(saved.inventory());
    assertThat(shown.latest("prod:vm-22", "cpu.usage")).isEqualTo(12.34);
    assertThat(shown.status().state()).isEqualTo(CollectionState.STARTING);
    assertThat(shown.status().fromPreviousRun()).isTrue();
    assertThat(shown.status().lastSuccess()).isEqualTo(SnapshotFileTest.COLLECTED);

    // a failed cycle keeps it, and says both: failing, and the previous run's data
    assertThat(collector.cycle()).isFalse();
    VcenterSnapshot afterFailure = collector.snapshot();
    assertThat(afterFailure.inventory()).isEqualTo(saved.inventory());
    assertThat(afterFailure.status().state()).isEqualTo(CollectionState.FAILING);
    assertThat(afterFailure.status().fromPreviousRun()).isTrue();
    assertThat(afterFailure.status().lastSuccess()).isEqualTo(SnapshotFileTest.COLLECTED);
    assertThat(afterFailure.status().error()).contains("connection refused");
  }

  @Test
  void aDamagedFileIsIgnored() throws Exception {
    Files.createDirectories(dir.resolve("inventory"));
    Files.write(dir.resolve("inventory/prod.json.gz"), new byte[] {31, -117, 8, 0, 1, 2, 3});

    last.restore(collector);

    assertThat(collector.snapshot().inventory()).isNull();
    assertThat(collector.snapshot().status().fromPreviousRun()).isFalse();
    assertThat(collector.snapshot().status().lastSuccess()).isNull();
  }

  @Test
  void noFileIsAFirstStart() {
    last.restore(collector);

    assertThat(collector.snapshot().inventory()).isNull();
    assertThat(collector.snapshot().status().state()).isEqualTo(CollectionState.STARTING);
  }

  @Test
  void onlyThisRunsSuccessfulCyclesAreSaved() throws Exception {
    SnapshotFile.Saved saved = SnapshotFileTest.saved("web-01");
    Instant end = Instant.parse("2026-12-01T10:00:00Z");
    VcenterStatus ok = new VcenterStatus("prod", CollectionState.OK, end, end, 1200L, null, null, 60, List.of(1200L), Map.of(), List.of(), null, false, null);

    last.cycled(new VcenterSnapshot(saved.inventory(), saved.latest(), saved.outlooks(), ok), 1);
    last.close(); // written by then
    assertThat(last.file("prod").read("prod")).isEqualTo(SnapshotFile.Saved.of("prod", end, saved.inventory(), saved.latest(), saved.outlooks()));

    // neither a failed cycle nor the previous run's snapshot replaces it
    SnapshotFile.Saved other = SnapshotFileTest.saved("other");
    VcenterStatus failing = new VcenterStatus("prod", CollectionState.FAILING, end.plusSeconds(60), end, 1200L, "store full", end.plusSeconds(60),
        60, List.of(), Map.of(), List.of(), null, false, null);
    last = new LastSnapshots(dir);
    last.cycled(new VcenterSnapshot(other.inventory(), other.latest(), Map.of(), failing), 1);
    last.cycled(new VcenterSnapshot(other.inventory(), other.latest(), Map.of(), VcenterStatus.previousRun("prod", 60, end.plusSeconds(120))), 1);
    last.close();
    assertThat(last.file("prod").read("prod").collectedAt()).isEqualTo(end);
    assertThat(last.file("prod").read("prod").inventory().datacenters().get(0).vms().get(0).name()).isEqualTo("web-01");
  }
}
