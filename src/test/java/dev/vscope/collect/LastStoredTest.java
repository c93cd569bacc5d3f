package dev.vscope.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.store.Sample;
import dev.vscope.store.embedded.EmbeddedHistoryStore;
import dev.vscope.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where each entity's next query starts, against a real embedded store. */
class LastStoredTest {

  /** On a 5-minute boundary, so that both the 20-s and the 5-minute series keep it as is. */
  private static final long T = 1_780_000_200L;
  /** govmomi's simulator names a local datastore by its path: nothing in the id says "datastore". */
  private static final String DATASTORE = "sim:/tmp/govcsim-DC0-LocalDS_0@folder-5";
  private static final String VM = "sim:vm-42";

  @TempDir Path dir;
  private EmbeddedHistoryStore store;

  @BeforeEach
  void open() {
    store = EmbeddedHistoryStore.open(dir, new MutableClock(Instant.ofEpochSecond(T + 600)), false);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void theKindOfTheEntityNamesTheMetricAskedForNotItsId() {
    store.write(DATASTORE, Map.of("disk.used", List.of(new Sample(T, 1e12))));

    assertThat(new LastStored(store).of(DATASTORE, Metric.Kind.DATASTORE)).isEqualTo(T);
    assertThat(new LastStored(store).of(DATASTORE, Metric.Kind.HOST)).as("a host's metric: none stored").isNull();
  }

  @Test
  void anEntityGoneFromTheInventoryIsForgottenAndAskedOfTheStoreAgain() {
    store.write(VM, Map.of("cpu.usage", List.of(new Sample(T, 10))));
    store.write(DATASTORE, Map.of("disk.used", List.of(new Sample(T, 1e12))));
    LastStored last = new LastStored(store);
    assertThat(last.of(VM, Metric.Kind.VM)).isEqualTo(T);
    assertThat(last.of(DATASTORE, Metric.Kind.DATASTORE)).isEqualTo(T);
    last.advance(VM, T + 20);
    assertThat(last.of(VM, Metric.Kind.VM)).as("moved on by the collector's writes").isEqualTo(T + 20);

    // the VM is deleted in vCenter, and its history goes on elsewhere (written by another vscope, say)
    store.write(VM, Map.of("cpu.usage", List.of(new Sample(T + 40, 11))));
    last.retainIn(inventoryWith(DATASTORE));

    assertThat(last.size()).as("only the datastore is kept").isEqualTo(1);
    assertThat(last.of(DATASTORE, Metric.Kind.DATASTORE)).isEqualTo(T);
    assertThat(last.of(VM, Metric.Kind.VM)).as("asked of the store again").isEqualTo(T + 40);
  }

  private static Inventory inventoryWith(String datastoreId) {
    Inventory.Datastore ds = new Inventory.Datastore(datastoreId, "LocalDS_0", "OTHER", "/tmp/govcsim-DC0-LocalDS_0", 1L << 40, 1L << 39, 0, 1L << 39,
        true, "normal", 0, 1);
    return new Inventory("sim", Instant.ofEpochSecond(T), List.of(new Inventory.Datacenter("sim:datacenter-2", "DC0", "sim", List.of(), List.of(ds),
        List.of(), List.of(), List.of())));
  }
}
