package dev.vscope.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.store.Sample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A host's IOPS totals: its per-datastore samples summed per 20 s slot, unknown ones left out. */
class HostDiskSamplesTest {

  @Test
  void perDatastoreOperationsAreSummedPerSlot() {
    Map<String, Map<String, List<Sample>>> hosts = Map.of(
        "vc:host-1", Map.of(
            "datastore.readIops[datastore-1]", List.of(new Sample(1000, 40), new Sample(1020, 50), new Sample(1040, Double.NaN)),
            "datastore.readIops[datastore-2]", List.of(new Sample(1000, 2), new Sample(1020, 3), new Sample(1040, 7)),
            "datastore.writeIops[datastore-1]", List.of(new Sample(1000, 11)),
            // not an IOPS series: left alone
            "datastore.readLatency[datastore-1]", List.of(new Sample(1000, 900))),
        "vc:host-2", Map.of(
            "datastore.readLatency[datastore-1]", List.of(new Sample(1000, 5))));
    Map<String, Map<String, List<Sample>>> writes = new HashMap<>();

    HostDiskSamples.add(hosts, writes);

    assertThat(writes).containsOnlyKeys("vc:host-1");
    assertThat(writes.get("vc:host-1")).containsOnlyKeys("disk.readIops", "disk.writeIops");
    // at 1040 one datastore is unknown: the other's operations are still the host's known ones
    assertThat(writes.get("vc:host-1").get("disk.readIops")).containsExactly(new Sample(1000, 42), new Sample(1020, 53), new Sample(1040, 7));
    assertThat(writes.get("vc:host-1").get("disk.writeIops")).containsExactly(new Sample(1000, 11));
  }
}
