package dev.vscope.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.vim.ManagedObjectReference;
import dev.vscope.vim.XmlNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Triggered alarms from {@code triggeredAlarmState} values shaped as vCenter answers them: a state
 * propagates to the entity's ancestors, so the same state comes in several lists; each is taken
 * once, on the entity it names.
 */
class AlarmBuilderTest {

  static final ManagedObjectReference DC = new ManagedObjectReference("Datacenter", "datacenter-2");
  static final ManagedObjectReference VM = new ManagedObjectReference("VirtualMachine", "vm-9");
  static final ManagedObjectReference HOST = new ManagedObjectReference("HostSystem", "host-5");

  static String state(String alarm, String entityType, String entity, String status, String time, String ackBy) {
    return "<AlarmState xsi:type=\"AlarmState\"><key>" + alarm + "." + entity + "</key><entity type=\"" + entityType + "\">" + entity + "</entity>"
        + "<alarm type=\"Alarm\">" + alarm + "</alarm><overallStatus>" + status + "</overallStatus><time>" + time + "</time>"
        + "<acknowledged>" + (ackBy != null) + "</acknowledged>" + (ackBy == null ? "" : "<acknowledgedByUser>" + ackBy + "</acknowledgedByUser>"
            + "<acknowledgedTime>2026-12-01T09:30:00Z</acknowledgedTime>")
        + "<eventKey>42</eventKey><disabled>false</disabled></AlarmState>";
  }

  static XmlNode list(String... states) {
    return SnapshotBuilderTest.xml("<val xsi:type=\"ArrayOfAlarmState\">" + String.join("", states) + "</val>");
  }

  @Test
  void eachStateOnceOnItsEntityWithTheAlarmsName() {
    String vmAlarm = state("alarm-3", "VirtualMachine", "vm-9", "red", "2026-12-01T10:00:00Z", null);
    String hostAlarm = state("alarm-1", "HostSystem", "host-5", "yellow", "2026-12-01T09:00:00Z", "VSPHERE.LOCAL\\jo &lt;b&gt;");
    String onAFolder = state("alarm-8", "Folder", "group-v3", "red", "2026-12-01T08:00:00Z", null);
    String green = state("alarm-4", "VirtualMachine", "vm-9", "green", "2026-12-01T07:00:00Z", null);
    List<XmlNode> lists = List.of(list(vmAlarm, hostAlarm, onAFolder, green), list(vmAlarm), list(hostAlarm), list());
    Map<ManagedObjectReference, AlarmBuilder.Entity> entities = Map.of(
        DC, new AlarmBuilder.Entity(Inventory.EntityType.DATACENTER, "DC0"),
        VM, new AlarmBuilder.Entity(Inventory.EntityType.VM, "web <i>"),
        HOST, new AlarmBuilder.Entity(Inventory.EntityType.HOST, "esx1"));
    Map<ManagedObjectReference, Map<String, XmlNode>> named = Map.of(new ManagedObjectReference("Alarm", "alarm-3"),
        Map.of("info.name", SnapshotBuilderTest.xml("<val xsi:type=\"xsd:string\">Virtual machine CPU usage</val>")));

    List<Inventory.TriggeredAlarm> alarms = AlarmBuilder.alarms("vc", lists, entities, o -> named.getOrDefault(o, Map.of()));

    assertThat(alarms).containsExactly(
        new Inventory.TriggeredAlarm("alarm-1.host-5", "vc:host-5", Inventory.EntityType.HOST, "esx1", "vc:alarm-1", "alarm-1", AlarmStatus.YELLOW,
            Instant.parse("2026-12-01T09:00:00Z"), true, "VSPHERE.LOCAL\\jo <b>", Instant.parse("2026-12-01T09:30:00Z")),
        new Inventory.TriggeredAlarm("alarm-3.vm-9", "vc:vm-9", Inventory.EntityType.VM, "web <i>", "vc:alarm-3", "Virtual machine CPU usage",
            AlarmStatus.RED, Instant.parse("2026-12-01T10:00:00Z"), false, null, null));
    // what the tracker keeps of each list gives the same alarms
    assertThat(AlarmBuilder.alarms("vc", lists.stream().map(AlarmBuilder::keptStates).toList(), entities, o -> named.getOrDefault(o, Map.of())))
        .isEqualTo(alarms);
    assertThat(AlarmBuilder.keptStates(lists.get(0)).children()).as("the green one left out").hasSize(3);
    assertThat(AlarmBuilder.alarmsNamed(lists)).extracting(ManagedObjectReference::value)
        .as("the red and yellow ones").containsExactlyInAnyOrder("alarm-1", "alarm-3", "alarm-8");
  }
}
