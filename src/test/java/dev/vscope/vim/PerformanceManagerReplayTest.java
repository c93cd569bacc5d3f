package dev.vscope.vim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * QueryPerf answers and the counter catalog of a real vCenter 9.0.1, replayed to {@link
 * PerformanceManager}. Expected values are read from the recordings here with regular
 * expressions, not with the parser under test. See src/test/resources/vcenter/README.md.
 */
class PerformanceManagerReplayTest {

  private static final ManagedObjectReference PERF_MGR = new ManagedObjectReference("PerformanceManager", "PerfMgr");
  private static final Pattern SERIES =
      Pattern.compile("<value><id><counterId>(\\d+)</counterId><instance>([^<]*)</instance></id><value>([^<]*)</value></value>");

  /** One series of a CSV answer as the recording's text has it. */
  private record Recorded(int counterId, String instance, double[] values) {}

  private static List<Recorded> recordedSeries(String xml) {
    List<Recorded> out = new ArrayList<>();
    Matcher m = SERIES.matcher(xml);
    while (m.find()) {
      double[] values = Arrays.stream(m.group(3).split(",")).mapToDouble(v -> v.equals("-1") ? Double.NaN : Double.parseDouble(v)).toArray();
      out.add(new Recorded(Integer.parseInt(m.group(1)), m.group(2), values));
    }
    return out;
  }

  /** Every second field of sampleInfoCSV ("interval,timestamp,interval,timestamp,...") is a time. */
  private static long[] recordedTimes(String xml) {
    Matcher m = Pattern.compile("<sampleInfoCSV>([^<]*)</sampleInfoCSV>").matcher(xml);
    assertThat(m.find()).isTrue();
    String[] fields = m.group(1).split(",");
    long[] times = new long[fields.length / 2];
    for (int i = 0; i < times.length; i++) {
      times[i] = OffsetDateTime.parse(fields[2 * i + 1]).toEpochSecond();
    }
    return times;
  }

  private static PerfEntityMetrics replayQueryPerf(String file) {
    ReplayTransport transport = ReplayTransport.create().answer("QueryPerf", file);
    PerformanceManager pm = new PerformanceManager(transport, null, PERF_MGR);
    PerfQuerySpec spec = new PerfQuerySpec(new ManagedObjectReference("VirtualMachine", "vm-1085"), null, null, 0,
        List.of(new PerfMetricId(2, "*")), 20);
    List<PerfEntityMetrics> answer = pm.queryPerf(List.of(spec));
    assertThat(answer).hasSize(1);
    return answer.get(0);
  }

  private static void assertSameAsRecorded(PerfEntityMetrics metrics, String xml) {
    List<Recorded> recorded = recordedSeries(xml);
    assertThat(metrics.entity()).isEqualTo(new ManagedObjectReference("VirtualMachine", "vm-1085"));
    assertThat(metrics.epochSeconds()).containsExactly(recordedTimes(xml));
    // the series in the server's order, each with its instance as vCenter named it
    assertThat(metrics.series()).extracting(s -> s.id()).containsExactlyElementsOf(
        recorded.stream().map(r -> new PerfMetricId(r.counterId(), r.instance())).toList());
    for (int i = 0; i < recorded.size(); i++) {
      assertThat(metrics.series().get(i).values()).as("series %d", i).containsExactly(recorded.get(i).values());
    }
  }

  @Test
  void realtimeCsvAnswerOfVcenter9() {
    String xml = ReplayTransport.recording("manageiq-QueryPerf-1.xml");

    PerfEntityMetrics metrics = replayQueryPerf("manageiq-QueryPerf-1.xml");

    assertSameAsRecorded(metrics, xml);
    assertThat(metrics.epochSeconds()).hasSize(180);
    assertThat(metrics.series()).hasSize(28);
    // "*" was asked for; the answer names each instance, and the aggregate as ""
    assertThat(metrics.series()).extracting(s -> s.id().instance())
        .contains("", "0", "vmnic0", "vmnic1", "vmnic2", "vmnic3", "vmnic4", "4000", "scsi0:0")
        .doesNotContain("*");
    long[] t = metrics.epochSeconds();
    for (int i = 1; i < t.length; i++) {
      assertThat(t[i] - t[i - 1]).isEqualTo(20);
    }
  }

  @Test
  void twoHourCsvAnswerHasOnlyTheCountersWithData() {
    String xml = ReplayTransport.recording("manageiq-QueryPerf-2.xml");

    PerfEntityMetrics metrics = replayQueryPerf("manageiq-QueryPerf-2.xml");

    assertSameAsRecorded(metrics, xml);
    // asked from 08:00Z: the first sample is the interval ending at 10:00Z
    assertThat(metrics.epochSeconds()).containsExactly(
        OffsetDateTime.parse("2026-04-21T10:00:00Z").toEpochSecond(),
        OffsetDateTime.parse("2026-04-21T12:00:00Z").toEpochSecond(),
        OffsetDateTime.parse("2026-04-21T14:00:00Z").toEpochSecond());
    assertThat(metrics.series()).extracting(s -> s.id().counterId()).containsExactly(2, 6, 12, 24, 90, 133, 151, 163);
  }

  @Test
  void theWholeCounterCatalogOfVcenter9() {
    String xml = ReplayTransport.recording("manageiq-RetrievePropertiesEx-1.xml");
    ReplayTransport transport = ReplayTransport.create().answer("RetrievePropertiesEx", "manageiq-RetrievePropertiesEx-1.xml");
    PropertyCollector pc = new PropertyCollector(transport, new ManagedObjectReference("PropertyCollector", "propertyCollector"));

    Map<String, PerfCounter> catalog = new PerformanceManager(transport, pc, PERF_MGR).counters();

    Matcher m = Pattern.compile("<PerfCounterInfo xsi:type=\"PerfCounterInfo\"><key>(\\d+)</key>"
        + "<nameInfo>.*?<key>([^<]*)</key></nameInfo><groupInfo>.*?<key>([^<]*)</key></groupInfo>"
        + "<unitInfo>.*?<key>([^<]*)</key></unitInfo><rollupType>([^<]*)</rollupType>.*?<level>(\\d+)</level>").matcher(xml);
    int recorded = 0;
    while (m.find()) {
      recorded++;
      String fullName = m.group(3) + "." + m.group(2) + "." + m.group(5);
      assertThat(catalog.get(fullName)).as(fullName).isEqualTo(
          new PerfCounter(Integer.parseInt(m.group(1)), m.group(3), m.group(2), m.group(5), m.group(4), Integer.parseInt(m.group(6))));
    }
    assertThat(recorded).isEqualTo(810);
    assertThat(catalog).hasSize(recorded);
    // the counters vscope's metrics are made of, with the units its scales assume
    assertThat(catalog.get("cpu.usage.average").unit()).isEqualTo("percent");
    assertThat(catalog.get("cpu.ready.summation").unit()).isEqualTo("millisecond");
    assertThat(catalog.get("net.usage.average").unit()).isEqualTo("kiloBytesPerSecond");
    // one call, no token: the whole catalog came in one page
    assertThat(transport.requests()).hasSize(1);
  }
}
