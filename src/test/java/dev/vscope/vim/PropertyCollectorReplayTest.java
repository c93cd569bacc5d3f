package dev.vscope.vim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * RetrievePropertiesEx answers of real vCenters replayed to {@link PropertyCollector}: vCenter
 * 5.5's vpxd paging by itself, vCenter 6.7's VM and host summaries, and an unset property.
 * Expected values are read from the recordings with regular expressions. See
 * src/test/resources/vcenter/README.md.
 */
class PropertyCollectorReplayTest {

  private static final ManagedObjectReference PC = new ManagedObjectReference("PropertyCollector", "propertyCollector");
  private static final Pattern OBJ = Pattern.compile("<objects><obj type=\"([^\"]+)\">([^<]+)</obj>");

  private static List<ManagedObjectReference> recordedObjects(String xml) {
    List<ManagedObjectReference> out = new ArrayList<>();
    Matcher m = OBJ.matcher(xml);
    while (m.find()) {
      out.add(new ManagedObjectReference(m.group(1), m.group(2)));
    }
    return out;
  }

  private static String recordedText(String xml, String regex) {
    Matcher m = Pattern.compile(regex).matcher(xml);
    assertThat(m.find()).as(regex).isTrue();
    return m.group(1);
  }

  @Test
  void aServerThatPagesWithoutBeingAskedIsFollowedFromTokenZero() {
    String xml = ReplayTransport.recording("manageiq-RetrievePropertiesEx-2.xml");
    ReplayTransport transport =
        ReplayTransport.create()
            .answer("RetrievePropertiesEx", "manageiq-RetrievePropertiesEx-2.xml")
            // written here: the recorded continuation (interaction #4) is not among the fixtures;
            // a last page is one without a token
            .answerText("ContinueRetrievePropertiesEx",
                "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"
                    + "<ContinueRetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval></returnval>"
                    + "</ContinueRetrievePropertiesExResponse></soapenv:Body></soapenv:Envelope>");
    List<ObjectContent> read = new ArrayList<>();

    int count = new PropertyCollector(transport, PC)
        .retrieve(PropertySpec.ofObject(new ManagedObjectReference("Folder", "group-d1"), List.of()), 1000, read::add);

    assertThat(recordedText(xml, "<token>([^<]*)</token>")).isEqualTo("0");
    assertThat(count).isEqualTo(100);
    assertThat(read).extracting(ObjectContent::obj).containsExactlyElementsOf(recordedObjects(xml));
    // all=false and no pathSet: objects without properties, and without a missingSet
    assertThat(read).allSatisfy(o -> {
      assertThat(o.props()).isEmpty();
      assertThat(o.missing()).isEmpty();
    });
    // "0" is a token like any other: the next call continues from it
    assertThat(transport.requests()).hasSize(2);
    assertThat(transport.requests().get(1)).startsWith("<ContinueRetrievePropertiesEx").contains("<token>0</token>");
  }

  @Test
  void anUnsetPropertyIsAnObjectWithoutPropSet() {
    ReplayTransport transport = ReplayTransport.create().answer("RetrievePropertiesEx", "pyvmomi-RetrievePropertiesEx-3.xml");

    ObjectContent vm = new PropertyCollector(transport, PC)
        .retrieveOne(new ManagedObjectReference("VirtualMachine", "vm-22"), List.of("parentVApp"));

    assertThat(vm).isNotNull();
    assertThat(vm.obj()).isEqualTo(new ManagedObjectReference("VirtualMachine", "vm-22"));
    assertThat(vm.props()).doesNotContainKey("parentVApp").isEmpty();
    assertThat(vm.missing()).isEmpty();
  }

  @Test
  void aVmSummaryOfVcenter67() {
    String xml = ReplayTransport.recording("pyvmomi-RetrievePropertiesEx-1.xml");
    ReplayTransport transport = ReplayTransport.create().answer("RetrievePropertiesEx", "pyvmomi-RetrievePropertiesEx-1.xml");

    ObjectContent vm = new PropertyCollector(transport, PC)
        .retrieveOne(new ManagedObjectReference("VirtualMachine", "vm-22"), List.of("summary"));

    XmlNode summary = vm.props().get("summary");
    assertThat(summary.xsiType()).isEqualTo("VirtualMachineSummary");
    assertThat(summary.path("runtime.host").asMoRef()).isEqualTo(new ManagedObjectReference("HostSystem",
        recordedText(xml, "<host type=\"HostSystem\">([^<]+)</host>")));
    assertPaths(summary, xml, Map.of(
        "runtime.powerState", "<runtime>.*?<powerState>([^<]+)</powerState>",
        "runtime.connectionState", "<runtime>.*?<connectionState>([^<]+)</connectionState>",
        "runtime.faultToleranceState", "<faultToleranceState>([^<]+)</faultToleranceState>",
        "guest.toolsRunningStatus", "<toolsRunningStatus>([^<]+)</toolsRunningStatus>",
        "guest.toolsVersionStatus2", "<toolsVersionStatus2>([^<]+)</toolsVersionStatus2>",
        "config.numCpu", "<config>.*?<numCpu>([^<]+)</numCpu>",
        "config.memorySizeMB", "<config>.*?<memorySizeMB>([^<]+)</memorySizeMB>",
        "config.template", "<config>.*?<template>([^<]+)</template>",
        "config.guestFullName", "<config>.*?<guestFullName>([^<]+)</guestFullName>",
        "storage.committed", "<storage><committed>([^<]+)</committed>"));
    assertPaths(summary, xml, Map.of(
        "storage.uncommitted", "<storage>.*?<uncommitted>([^<]+)</uncommitted>",
        "quickStats.ftLogBandwidth", "<ftLogBandwidth>([^<]+)</ftLogBandwidth>"));
    assertThat(summary.path("quickStats.ftLogBandwidth").text()).isEqualTo("-1");
  }

  @Test
  void aHostSummaryOfVcenter67() {
    String xml = ReplayTransport.recording("pyvmomi-RetrievePropertiesEx-2.xml");
    ReplayTransport transport = ReplayTransport.create().answer("RetrievePropertiesEx", "pyvmomi-RetrievePropertiesEx-2.xml");

    ObjectContent host = new PropertyCollector(transport, PC)
        .retrieveOne(new ManagedObjectReference("HostSystem", "host-14"), List.of("summary"));

    XmlNode summary = host.props().get("summary");
    assertThat(summary.xsiType()).isEqualTo("HostListSummary");
    assertPaths(summary, xml, Map.of(
        "runtime.connectionState", "<runtime><connectionState>([^<]+)</connectionState>",
        "runtime.powerState", "<runtime><connectionState>[^<]+</connectionState><powerState>([^<]+)</powerState>",
        "runtime.inMaintenanceMode", "<runtime>.*?<inMaintenanceMode>([^<]+)</inMaintenanceMode>",
        "hardware.numCpuCores", "<hardware>.*?<numCpuCores>([^<]+)</numCpuCores>",
        "hardware.numCpuThreads", "<hardware>.*?<numCpuThreads>([^<]+)</numCpuThreads>",
        "hardware.cpuMhz", "<hardware>.*?<cpuMhz>([^<]+)</cpuMhz>",
        "hardware.memorySize", "<hardware>.*?<memorySize>([^<]+)</memorySize>",
        "quickStats.overallCpuUsage", "<quickStats><overallCpuUsage>([^<]+)</overallCpuUsage>",
        "quickStats.overallMemoryUsage", "<quickStats>.*?<overallMemoryUsage>([^<]+)</overallMemoryUsage>",
        "config.product.fullName", "<product>.*?<fullName>([^<]+)</fullName>"));
  }

  private static void assertPaths(XmlNode summary, String xml, Map<String, String> regexByPath) {
    regexByPath.forEach((path, regex) -> {
      XmlNode node = summary.path(path);
      assertThat(node).as(path).isNotNull();
      assertThat(node.text()).as(path).isEqualTo(recordedText(xml, regex));
    });
  }
}
