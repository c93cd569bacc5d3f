package dev.vscope.vim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Events read from a recorded ReadNextEvents answer (the simulator's: no public recording of a
 * real vCenter's was found; see src/test/resources/vcenter/README.md), and the requests that make
 * and read a collector. Expected values are read off the recording.
 */
class EventReplayTest {

  private static final String RECORDING = "vscope-sim-ReadNextEvents-1.xml";
  private static final ManagedObjectReference EVENT_MANAGER = new ManagedObjectReference("EventManager", "EventManager");

  private static List<VimEvent> recorded() {
    ReplayTransport t = ReplayTransport.create().answer("ReadNextEvents", RECORDING);
    return new EventHistoryCollector(t, new ManagedObjectReference("EventHistoryCollector", "session[1]c-1")).readNext(100);
  }

  private static VimEvent ofType(String type) {
    return recorded().stream().filter(e -> e.type().equals(type)).findFirst().orElseThrow();
  }

  private static ManagedObjectReference ref(String type, String value) {
    return new ManagedObjectReference(type, value);
  }

  @Test
  void everyEventIsReadInOrderWithItsBaseFields() {
    List<VimEvent> events = recorded();
    assertThat(events).extracting(VimEvent::key).containsExactly(28L, 30L, 31L, 32L, 33L, 34L, 35L, 36L, 37L, 38L);
    assertThat(events).extracting(VimEvent::type).containsExactly("VmPoweredOffEvent", "VmPoweredOnEvent", "VmResettingEvent", "VmMigratedEvent",
        "VmReconfiguredEvent", "com.vmware.vc.ha.VmRestartedByHAEvent", "HostDisconnectedEvent", "EnteredMaintenanceModeEvent",
        "DatastoreCapacityIncreasedEvent", "AlarmStatusChangedEvent");
    VimEvent off = events.get(0);
    assertThat(off.chainId()).isEqualTo(28L);
    assertThat(off.createdTime()).isEqualTo(Instant.parse("2026-12-03T15:15:17.744231938Z"));
    assertThat(off.userName()).isEqualTo("VSPHERE.LOCAL\\alice");
    assertThat(off.message()).isEqualTo("DC0_C0_RP0_VM0 on DC0_C0_H1 in DC0 is powered off");
    assertThat(off.entities()).isEqualTo(Map.of(
        VimEvent.Role.DATACENTER, new EventArgument(ref("Datacenter", "datacenter-2"), "DC0"),
        VimEvent.Role.COMPUTE_RESOURCE, new EventArgument(ref("ClusterComputeResource", "clustercomputeresource-27"), "DC0_C0"),
        VimEvent.Role.HOST, new EventArgument(ref("HostSystem", "host-42"), "DC0_C0_H1"),
        VimEvent.Role.VM, new EventArgument(ref("VirtualMachine", "vm-67"), "DC0_C0_RP0_VM0")));
    assertThat(off.alarm()).isNull();
  }

  @Test
  void anEmptyUserNameIsVcentersOwnDoing() {
    assertThat(ofType("AlarmStatusChangedEvent").userName()).isNull();
    assertThat(ofType("com.vmware.vc.ha.VmRestartedByHAEvent").userName()).isNull();
    assertThat(ofType("HostDisconnectedEvent").userName()).isEqualTo("root");
  }

  @Test
  void aMigrationNamesItsSourceAndDestination() {
    VimEvent m = ofType("VmMigratedEvent");
    assertThat(m.entity(VimEvent.Role.SOURCE_HOST)).isEqualTo(new EventArgument(ref("HostSystem", "host-34"), "DC0_C0_H0"));
    assertThat(m.entity(VimEvent.Role.HOST)).isEqualTo(new EventArgument(ref("HostSystem", "host-50"), "DC0_C0_H2"));
    assertThat(m.entity(VimEvent.Role.SOURCE_DATASTORE)).isEqualTo(new EventArgument(ref("Datastore", "datastore-71"), "LocalDS_0"));
    assertThat(m.entity(VimEvent.Role.DATASTORE)).isEqualTo(new EventArgument(ref("Datastore", "datastore-71"), "LocalDS_0"));
    assertThat(m.message()).isEqualTo("Migration of virtual machine DC0_C0_RP0_VM1 from DC0_C0_H0, LocalDS_0 to DC0_C0_H2, LocalDS_0 completed");
  }

  @Test
  void aReconfigurationSaysWhatChangedAsVcenterWordsIt() {
    assertThat(ofType("VmReconfiguredEvent").message()).startsWith("Reconfigured DC0_C0_RP0_VM0 on DC0_C0_H1 in DC0.")
        .contains("Modified:", "config.hardware.memoryMB: 4096 -> 8192;");
  }

  @Test
  void aDatastoreEventNamesItsDatastoreInAFieldOfItsOwn() {
    VimEvent d = ofType("DatastoreCapacityIncreasedEvent");
    assertThat(d.entity(VimEvent.Role.DATASTORE)).isEqualTo(new EventArgument(ref("Datastore", "datastore-71"), "LocalDS_0"));
    assertThat(d.entity(VimEvent.Role.HOST)).isNull();
  }

  @Test
  void anAlarmChangeNamesItsEntityAndColors() {
    VimEvent a = ofType("AlarmStatusChangedEvent");
    assertThat(a.alarm()).isEqualTo(new VimEvent.AlarmChange("Host CPU usage", "green", "red"));
    assertThat(a.entity(VimEvent.Role.ALARM_ENTITY)).isEqualTo(new EventArgument(ref("HostSystem", "host-42"), "DC0_C0_H1"));
    assertThat(a.message()).isEqualTo("Alarm 'Host CPU usage' on DC0_C0_H1 changed from Green to Red");
  }

  @Test
  void theCollectorIsAskedForTheTypesSinceATimeAndReadInPages() {
    String created = """
        <?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>\
        <CreateCollectorForEventsResponse xmlns="urn:vim25"><returnval type="EventHistoryCollector">session[52]c-7</returnval>\
        </CreateCollectorForEventsResponse></soapenv:Body></soapenv:Envelope>""";
    ReplayTransport t = ReplayTransport.create().answerText("CreateCollectorForEvents", created).answer("ReadNextEvents", RECORDING);
    EventHistoryCollector c = new EventManager(t, EVENT_MANAGER)
        .createCollector(new EventFilter(List.of("VmPoweredOnEvent", "com.vmware.vc.ha.VmRestartedByHAEvent"), Instant.parse("2026-11-03T08:00:00Z")));
    assertThat(c.ref()).isEqualTo(ref("EventHistoryCollector", "session[52]c-7"));
    c.readNext(250);
    assertThat(t.requests().get(0)).isEqualTo("<CreateCollectorForEvents xmlns=\"urn:vim25\"><_this type=\"EventManager\">EventManager</_this>"
        + "<filter><time><beginTime>2026-11-03T08:00:00Z</beginTime></time><eventTypeId>VmPoweredOnEvent</eventTypeId>"
        + "<eventTypeId>com.vmware.vc.ha.VmRestartedByHAEvent</eventTypeId></filter></CreateCollectorForEvents>");
    assertThat(t.requests().get(1)).isEqualTo("<ReadNextEvents xmlns=\"urn:vim25\"><_this type=\"EventHistoryCollector\">session[52]c-7</_this>"
        + "<maxCount>250</maxCount></ReadNextEvents>");
  }

  @Test
  void anEventThatCannotBeReadIsLeftOutNotTheWholePage() {
    String answer = ReplayTransport.recording(RECORDING).replace("<key>31</key>", "<key>thirty-one</key>");
    ReplayTransport t = ReplayTransport.create().answerText("ReadNextEvents", answer);
    List<VimEvent> events = new EventHistoryCollector(t, ref("EventHistoryCollector", "c")).readNext(100);
    assertThat(events.stream().map(VimEvent::key).collect(Collectors.toList())).containsExactly(28L, 30L, 32L, 33L, 34L, 35L, 36L, 37L, 38L);
  }
}
