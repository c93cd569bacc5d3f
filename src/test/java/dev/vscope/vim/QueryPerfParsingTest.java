package dev.vscope.vim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * QueryPerf answers in both formats vCenter sends: CSV (what vscope asks for, and what a real
 * vCenter returns) and the normal one (what the simulator returns whatever is asked). The answers
 * are written here as vCenter writes them, from the vSphere API reference's PerfEntityMetricCSV
 * and PerfEntityMetric types.
 */
class QueryPerfParsingTest {

  private static final String ENVELOPE =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope"
          + " xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
          + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
          + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>"
          + "<QueryPerfResponse xmlns=\"urn:vim25\">%s</QueryPerfResponse></soapenv:Body></soapenv:Envelope>";

  private static long epoch(String timestamp) {
    return OffsetDateTime.parse(timestamp).toEpochSecond();
  }

  /** Reads one canned answer as HttpSoapTransport reads answers. */
  private static List<PerfEntityMetrics> parse(String returnvals) {
    SoapTransport transport = ReplayTransport.create().answerText("QueryPerf", String.format(ENVELOPE, returnvals));
    PerformanceManager pm =
        new PerformanceManager(transport, null, new ManagedObjectReference("PerformanceManager", "PerfMgr"));
    return pm.queryPerf(List.of());
  }

  @Test
  void csvAnswer() {
    List<PerfEntityMetrics> metrics =
        parse(
            """
            <returnval xsi:type="PerfEntityMetricCSV">
              <entity type="VirtualMachine">vm-42</entity>
              <sampleInfoCSV>20,2026-11-27T10:00:00Z,20,2026-11-27T10:00:20Z,20,2026-11-27T10:00:40Z</sampleInfoCSV>
              <value><id><counterId>2</counterId><instance></instance></id><value>1234,-1,5678</value></value>
              <value><id><counterId>125</counterId><instance>scsi0:0</instance></id><value>7,8,9</value></value>
            </returnval>
            <returnval xsi:type="PerfEntityMetricCSV">
              <entity type="HostSystem">host-7</entity>
              <sampleInfoCSV></sampleInfoCSV>
            </returnval>""");

    assertThat(metrics).hasSize(2);
    PerfEntityMetrics vm = metrics.get(0);
    assertThat(vm.entity()).isEqualTo(new ManagedObjectReference("VirtualMachine", "vm-42"));
    assertThat(vm.epochSeconds())
        .containsExactly(epoch("2026-11-27T10:00:00Z"), epoch("2026-11-27T10:00:20Z"), epoch("2026-11-27T10:00:40Z"));
    assertThat(vm.series()).hasSize(2);
    assertThat(vm.series().get(0).id()).isEqualTo(new PerfMetricId(2, ""));
    assertThat(vm.series().get(0).values()).containsExactly(1234, Double.NaN, 5678);
    assertThat(vm.series().get(1).id()).isEqualTo(new PerfMetricId(125, "scsi0:0"));
    assertThat(vm.series().get(1).values()).containsExactly(7, 8, 9);
    assertThat(metrics.get(1).epochSeconds()).isEmpty();
    assertThat(metrics.get(1).series()).isEmpty();
  }

  @Test
  void normalAnswerNewestFirstIsOrderedOldestFirst() {
    List<PerfEntityMetrics> metrics =
        parse(
            """
            <returnval xsi:type="PerfEntityMetric">
              <entity type="HostSystem">host-7</entity>
              <sampleInfo><timestamp>2026-11-27T10:00:20Z</timestamp><interval>20</interval></sampleInfo>
              <sampleInfo><timestamp>2026-11-27T10:00:00Z</timestamp><interval>20</interval></sampleInfo>
              <value xsi:type="PerfMetricIntSeries"><id><counterId>6</counterId><instance>vmnic0</instance></id>
                <value>200</value><value>100</value></value>
              <value xsi:type="PerfMetricIntSeries"><id><counterId>7</counterId></id><value>-1</value></value>
            </returnval>""");

    PerfEntityMetrics host = metrics.get(0);
    assertThat(host.entity()).isEqualTo(new ManagedObjectReference("HostSystem", "host-7"));
    assertThat(host.epochSeconds()).containsExactly(epoch("2026-11-27T10:00:00Z"), epoch("2026-11-27T10:00:20Z"));
    assertThat(host.series().get(0).id()).isEqualTo(new PerfMetricId(6, "vmnic0"));
    assertThat(host.series().get(0).values()).containsExactly(100, 200);
    // fewer values than samples: the missing ones are unknown
    assertThat(host.series().get(1).id()).isEqualTo(new PerfMetricId(7, ""));
    assertThat(host.series().get(1).values()).containsExactly(Double.NaN, Double.NaN);
  }

  @Test
  void malformedAnswersAreProtocolErrors() {
    for (String bad :
        List.of(
            "<returnval xsi:type=\"PerfEntityMetricCSV\"><entity type=\"HostSystem\">host-7</entity>"
                + "<sampleInfoCSV>20,2026-11-27T10:00:00Z</sampleInfoCSV>"
                + "<value><id><counterId>2</counterId></id><value>twelve</value></value></returnval>",
            "<returnval xsi:type=\"PerfEntityMetricCSV\"><entity type=\"HostSystem\">host-7</entity>"
                + "<sampleInfoCSV>20,yesterday</sampleInfoCSV></returnval>",
            "<returnval xsi:type=\"PerfEntityMetricCSV\"><sampleInfoCSV></sampleInfoCSV></returnval>",
            "<returnval xsi:type=\"PerfEntityMetricCSV\"><entity type=\"HostSystem\">host-7</entity>"
                + "<value><value>1</value></value></returnval>")) {
      assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(VimException.class).hasMessageContaining("malformed");
    }
  }
}
