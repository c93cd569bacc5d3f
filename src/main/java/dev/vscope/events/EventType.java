package dev.vscope.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The kinds of vCenter events vscope keeps (issue 13), each with the vSphere event types it stands
 * for. The collector asks vCenter for these types only. A filter names types exactly ({@code
 * DrsVmMigratedEvent} is not a {@code VmMigratedEvent} to it), so subtypes are listed too; an HA
 * restart is an {@code EventEx} named by its eventTypeId on vCenter 5 and later.
 *
 * <p>The JSON names ({@code powerOn}, ...) are the API's {@code type} values and stay as they are.
 */
public enum EventType {
  POWER_ON("powerOn", Subject.VM, "VmPoweredOnEvent", "DrsVmPoweredOnEvent"),
  POWER_OFF("powerOff", Subject.VM, "VmPoweredOffEvent"),
  RESET("reset", Subject.VM, "VmResettingEvent"),
  /** vMotion, Storage vMotion and cold migration, by DRS or by hand. */
  MIGRATION("migration", Subject.VM, "VmMigratedEvent", "DrsVmMigratedEvent", "VmRelocatedEvent"),
  /** What changed is in the message, as vCenter words it (6.7 and later). */
  RECONFIGURE("reconfigure", Subject.VM, "VmReconfiguredEvent"),
  HA_RESTART("haRestart", Subject.VM, "com.vmware.vc.ha.VmRestartedByHAEvent", "VmRestartedOnAlternateHostEvent"),
  HOST_CONNECTION("hostConnection", Subject.HOST, "HostConnectedEvent", "HostDisconnectedEvent", "HostConnectionLostEvent",
      "HostReconnectionFailedEvent"),
  MAINTENANCE("maintenance", Subject.HOST, "EnteredMaintenanceModeEvent", "ExitMaintenanceModeEvent"),
  DATASTORE("datastore", Subject.DATASTORE, "DatastoreCapacityIncreasedEvent", "DatastoreDestroyedEvent", "DatastoreDiscoveredEvent",
      "DatastoreRemovedOnHostEvent", "DatastoreRenamedEvent", "DatastoreRenamedOnHostEvent", "LocalDatastoreCreatedEvent",
      "NASDatastoreCreatedEvent", "VMFSDatastoreCreatedEvent", "VMFSDatastoreExpandedEvent", "VMFSDatastoreExtendedEvent"),
  ALARM("alarm", Subject.ALARM_ENTITY, "AlarmStatusChangedEvent");

  /** Which of the entities an event names it is about: its timeline, its visibility. */
  public enum Subject {
    VM,
    HOST,
    DATASTORE,
    /** The entity whose alarm changed color: a VM, host, datastore, cluster or datacenter. */
    ALARM_ENTITY
  }

  private static final Map<String, EventType> BY_VSPHERE_TYPE = Arrays.stream(values())
      .flatMap(t -> t.vsphereTypes.stream().map(v -> Map.entry(v, t)))
      .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
  private static final Map<String, EventType> BY_KEY = Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(t -> t.key, Function.identity()));

  private final String key;
  private final Subject subject;
  private final List<String> vsphereTypes;

  EventType(String key, Subject subject, String... vsphereTypes) {
    this.key = key;
    this.subject = subject;
    this.vsphereTypes = List.of(vsphereTypes);
  }

  @JsonValue
  public String key() {
    return key;
  }

  public Subject subject() {
    return subject;
  }

  /** The type of a key ({@code powerOn}); null for none. */
  @JsonCreator
  public static EventType of(String key) {
    return BY_KEY.get(key);
  }

  /** The kind a vSphere event type belongs to; null for a type vscope does not keep. */
  public static EventType ofVsphereType(String vsphereType) {
    return BY_VSPHERE_TYPE.get(vsphereType);
  }

  /** Every vSphere type kept, for the collector's filter. */
  public static List<String> allVsphereTypes() {
    return Arrays.stream(values()).flatMap(t -> t.vsphereTypes.stream()).toList();
  }

  /** The keys, in declaration order, for messages. */
  public static String keys() {
    return Stream.of(values()).map(EventType::key).collect(Collectors.joining(", "));
  }
}
