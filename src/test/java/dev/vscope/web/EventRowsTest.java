package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.events.Event;
import dev.vscope.events.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a viewer sees of an event: only events about what they see, and no name of what they do not. */
class EventRowsTest {

  static Event migration(String sourceName, String targetName) {
    return new Event("prod", 7, Instant.parse("2026-12-01T10:00:00Z"), EventType.MIGRATION, "VmMigratedEvent", "carol",
        "Migration of virtual machine web from " + sourceName + ", ds1 to " + targetName + ", ds1 completed",
        new Event.Ref("subject", "prod:vm-1", "web", "vm"), new Event.Ref("datacenter", "prod:datacenter-2", "DC0", "datacenter"),
        List.of(new Event.Ref("host", "prod:host-2", targetName, "host"), new Event.Ref("datastore", "prod:datastore-1", "ds1", "datastore"),
            new Event.Ref("sourceHost", "prod:host-1", sourceName, "host"), new Event.Ref("sourceDatastore", "prod:datastore-1", "ds1", "datastore")));
  }

  @Test
  void anEventShowsToWhoSeesWhatItIsAbout() {
    Event e = migration("esx1", "esx2");
    assertThat(EventRows.visible(Viewer.of(Set.of("prod:vm-1")), e)).isTrue();
    assertThat(EventRows.visible(Viewer.of(Set.of("prod:host-1", "prod:host-2", "prod:datastore-1")), e)).as("not the VM: hidden").isFalse();
  }

  @Test
  void theNamesOfHiddenEntitiesAreCutOutOfTheMessage() {
    Event e = migration("esx-hidden", "esx2");
    Viewer sees = Viewer.of(Set.of("prod:vm-1", "prod:host-2", "prod:datastore-1"));
    assertThat(EventRows.message(sees, e)).isEqualTo("Migration of virtual machine web from […], ds1 to esx2, ds1 completed");
    assertThat(EventRows.message(Viewer.ALL, e)).isEqualTo(e.message());
    // the datacenter is on the path to the VM: named to whoever sees the VM
    Event inDc = new Event("prod", 8, e.time(), EventType.POWER_ON, "VmPoweredOnEvent", null, "web on esx-hidden in DC0 is powered on",
        e.entity(), e.datacenter(), List.of(new Event.Ref("host", "prod:host-1", "esx-hidden", "host")));
    assertThat(EventRows.message(Viewer.of(Set.of("prod:vm-1")), inDc)).isEqualTo("web on […] in DC0 is powered on");
  }

  @Test
  void aHiddenNameThatHoldsAnotherIsCutOutWhole() {
    Event e = migration("esx1-b", "esx1");
    Viewer sees = Viewer.of(Set.of("prod:vm-1", "prod:datastore-1"));
    assertThat(EventRows.message(sees, e)).isEqualTo("Migration of virtual machine web from […], ds1 to […], ds1 completed")
        .doesNotContain("esx1");
  }
}
