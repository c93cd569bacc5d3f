package dev.vscope.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.store.Sample;
import dev.vscope.vim.PerfCounter;
import dev.vscope.vim.PerfEntityMetrics;
import dev.vscope.vim.PerfQuerySpec;
import dev.vscope.vim.Replays;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * A real vCenter 9.0.1's catalog and QueryPerf answers for one VM (vm-1085), through vscope's own
 * plan and decoding: counter ids come from the recorded catalog, values from the recorded answer.
 * Expected figures are computed here from the recordings' text with regular expressions. See
 * src/test/resources/vcenter/README.md.
 */
class RecordedPerfDecodeTest {

  private static final String CATALOG = "manageiq-RetrievePropertiesEx-1.xml";
  private static final int CPUS = 2;
  /** Scaling by 0.01 is not exact in binary. */
  private static final Offset<Double> EXACT = Offset.offset(1e-9);

  /** The key of a counter in the recorded catalog, by {@code group.name.rollup}. */
  private static int recordedKey(String fullName) {
    String[] p = fullName.split("\\.");
    Matcher m = Pattern.compile("<PerfCounterInfo xsi:type=\"PerfCounterInfo\"><key>(\\d+)</key><nameInfo>(?:(?!</nameInfo>).)*<key>"
        + Pattern.quote(p[1]) + "</key></nameInfo><groupInfo>(?:(?!</groupInfo>).)*<key>" + Pattern.quote(p[0])
        + "</key></groupInfo>(?:(?!</PerfCounterInfo>).)*<rollupType>" + Pattern.quote(p[2]) + "</rollupType>").matcher(Replays.recording(CATALOG));
    assertThat(m.find()).as(fullName).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** The recorded values of one series, or null when the answer has none for that counter and instance. */
  private static double[] recordedValues(String answer, int counterId, String instance) {
    Matcher m = Pattern.compile("<value><id><counterId>" + counterId + "</counterId><instance>" + Pattern.quote(instance)
        + "</instance></id><value>([^<]*)</value></value>").matcher(answer);
    return m.find() ? Arrays.stream(m.group(1).split(",")).mapToDouble(Double::parseDouble).toArray() : null;
  }

  private static EntityQuery plannedVmQuery() {
    Inventory.Vm vm = new Inventory.Vm("vc:vm-1085", "vm-1085", null, null, PowerState.POWERED_ON, ToolsRunningStatus.RUNNING, "guestToolsCurrent",
        CPUS, 4096, 0, 0, "notConfigured", "", List.of(), Inventory.MemoryPressure.UNKNOWN, List.of(), null, null, null);
    Inventory inv = new Inventory("vc", Instant.EPOCH, List.of(new Inventory.Datacenter("vc:dc", "dc", "vc", List.of(), List.of(), List.of(vm), List.of(), List.of())));
    List<EntityQuery> plan = new PerfPlanner(Replays.catalog(CATALOG))
        .plan(inv, OffsetDateTime.parse("2026-05-05T19:41:00Z").toInstant(), (id, kind) -> null, Duration.ofHours(1));
    assertThat(plan).hasSize(1);
    return plan.get(0);
  }

  private static Map<String, List<Sample>> decode(EntityQuery q, String answerFile) {
    List<PerfEntityMetrics> answer = Replays.queryPerf(answerFile,
        List.of(new PerfQuerySpec(q.ref(), q.start(), null, q.maxSample(), q.metricIds(), q.intervalId())));
    assertThat(answer).hasSize(1);
    return PerfDecoder.decode(q, answer.get(0));
  }

  @Test
  void realtimeValuesInTheUnitsPeopleRead() {
    String answer = Replays.recording("manageiq-QueryPerf-1.xml");
    EntityQuery q = plannedVmQuery();

    Map<String, List<Sample>> samples = decode(q, "manageiq-QueryPerf-1.xml");

    double[] usage = recordedValues(answer, recordedKey("cpu.usage.average"), "");
    double[] ready = recordedValues(answer, recordedKey("cpu.ready.summation"), "");
    double[] mem = recordedValues(answer, recordedKey("mem.usage.average"), "");
    double[] readLatency = recordedValues(answer, recordedKey("virtualDisk.totalReadLatency.average"), "scsi0:0");
    assertThat(samples.get("cpu.usage")).hasSize(180);
    for (int i = 0; i < 180; i++) {
      assertThat(samples.get("cpu.usage").get(i).value()).isCloseTo(usage[i] / 100, EXACT);
      assertThat(samples.get("mem.usage").get(i).value()).isCloseTo(mem[i] / 100, EXACT);
      // ready milliseconds of a 20 s sample, per vCPU, as percent
      assertThat(samples.get("cpu.ready").get(i).value()).isCloseTo(ready[i] / (20_000.0 * CPUS) * 100, EXACT);
      assertThat(samples.get("disk.readLatency").get(i).value()).isEqualTo(readLatency[i]);
    }
    assertThat(samples.get("cpu.usage").get(0).epochSecond()).isEqualTo(OffsetDateTime.parse("2026-05-05T18:41:00Z").toEpochSecond());
    // a counter asked for and not answered is no metric at all, not a series of zeros
    assertThat(recordedValues(answer, recordedKey("net.bytesRx.average"), "")).isNull();
    assertThat(samples).doesNotContainKey("net.rx");
  }

  @Test
  void cpuReadyOfATwoHourSampleIsRelativeToTwoHours() {
    String answer = Replays.recording("manageiq-QueryPerf-2.xml");
    EntityQuery realtime = plannedVmQuery();
    EntityQuery q = new EntityQuery(realtime.entityId(), realtime.ref(), realtime.kind(), realtime.cpus(), realtime.start(), 7200, 3,
        realtime.metricIds(), realtime.counters(), realtime.instanceNames());

    Map<String, List<Sample>> samples = decode(q, "manageiq-QueryPerf-2.xml");

    double[] ready = recordedValues(answer, recordedKey("cpu.ready.summation"), "");
    double[] usage = recordedValues(answer, recordedKey("cpu.usage.average"), "");
    // each 2 h sample stands for the 360 steps of 20 s it covers, ending at its time
    assertThat(samples.get("cpu.ready")).hasSize(3 * 360);
    long tenOClock = OffsetDateTime.parse("2026-04-21T10:00:00Z").toEpochSecond();
    assertThat(samples.get("cpu.ready").get(359).epochSecond()).isEqualTo(tenOClock);
    for (int i = 0; i < 3; i++) {
      assertThat(samples.get("cpu.ready").get(i * 360).value())
          .isCloseTo(ready[i] / (7_200_000.0 * CPUS) * 100, EXACT);
      assertThat(samples.get("cpu.usage").get(i * 360).value()).isCloseTo(usage[i] / 100, EXACT);
    }
  }

  @Test
  void memoryPressureCountersAreAskedByTheirRecordedIdsAndReadInBytes() {
    String answer = Replays.recording("manageiq-QueryPerf-1.xml");
    EntityQuery q = plannedVmQuery();
    int ballooned = recordedKey("mem.vmmemctl.average");
    int swapped = recordedKey("mem.swapped.average");
    int compressed = recordedKey("mem.compressed.average");
    assertThat(q.metricIds()).extracting(id -> id.counterId() + "/" + id.instance())
        .contains(ballooned + "/", swapped + "/", compressed + "/");

    Map<String, List<Sample>> samples = decode(q, "manageiq-QueryPerf-1.xml");

    double[] balloonKB = recordedValues(answer, ballooned, "");
    double[] swappedKB = recordedValues(answer, swapped, "");
    assertThat(samples.get("mem.ballooned")).hasSize(balloonKB.length);
    assertThat(samples.get("mem.swapped")).hasSize(swappedKB.length);
    for (int i = 0; i < balloonKB.length; i++) {
      assertThat(samples.get("mem.ballooned").get(i).value()).isEqualTo(balloonKB[i] * 1024);
      assertThat(samples.get("mem.swapped").get(i).value()).isEqualTo(swappedKB[i] * 1024);
    }
    // this vCenter answered no mem.compressed for the VM: no series rather than zeros
    assertThat(recordedValues(answer, compressed, "")).isNull();
    assertThat(samples).doesNotContainKey("mem.compressed");
  }
}
