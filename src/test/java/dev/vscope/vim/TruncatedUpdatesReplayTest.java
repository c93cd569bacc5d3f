package dev.vscope.vim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A truncated WaitForUpdatesEx answer as a real vCenter (5.5) sent it, replayed to {@link
 * PropertyCollector}: the truncated data version and the flag that tells the caller to ask again at
 * once, and every object update of the part. Expected counts are taken from the recording's text
 * with plain string matching, not with the parser under test. See
 * src/test/resources/vcenter/README.md.
 */
class TruncatedUpdatesReplayTest {

  private static final String RECORDING = "manageiq-WaitForUpdatesEx-1.xml";

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void aTruncatedPartGivesItsVersionTheFlagAndEveryUpdate() {
    String xml = ReplayTransport.recording(RECORDING);
    PropertyCollector pc = new PropertyCollector(ReplayTransport.create().answer("WaitForUpdatesEx", RECORDING), new ManagedObjectReference("PropertyCollector", "propertyCollector"));
    List<ObjectUpdate> updates = new ArrayList<>();

    PropertyCollector.UpdateResult result = pc.waitForUpdates("", 100, updates::add);

    assertThat(result.truncated()).isTrue();
    assertThat(result.version()).isEqualTo("0_1");
    assertThat(updates).hasSize(count(xml, "<objectSet>"));
    assertThat(updates).extracting(ObjectUpdate::kind).containsOnly("enter");
    assertThat(updates).extracting(ObjectUpdate::filter).containsOnly(
        new ManagedObjectReference("PropertyFilter", "session[d3752087-ce6a-80de-5c6a-335cee0294f1]52f81db1-525d-1974-9e31-9dc786017a9e"));
    assertThat(updates).extracting(ObjectUpdate::obj).doesNotHaveDuplicates();
    assertThat(updates.stream().filter(u -> u.obj().type().equals("VirtualMachine")).count())
        .isEqualTo(count(xml, "<obj type=\"VirtualMachine\">"));

    List<ObjectUpdate.Change> changes = updates.stream().flatMap(u -> u.changes().stream()).toList();
    assertThat(changes).hasSize(count(xml, "<changeSet>"));
    assertThat(changes.stream().filter(c -> "indirectRemove".equals(c.op())).count()).isEqualTo(count(xml, "<op>indirectRemove</op>"));
    // an assign without <val> sets the property to unset: no value, not an empty one
    long unsetAssigns = count(xml, "<op>assign</op></changeSet>");
    assertThat(unsetAssigns).isPositive();
    assertThat(changes.stream().filter(c -> "assign".equals(c.op()) && c.val() == null).count()).isEqualTo(unsetAssigns);
  }
}
