package dev.vscope.vim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The ServiceContent of a real vCenter 9.0.1, whose AboutInfo has a {@code patchLevel} earlier
 * versions lack, replayed to {@link ServiceContent}. Expected values are read from the recording
 * with regular expressions. See src/test/resources/vcenter/README.md.
 */
class ServiceContentReplayTest {

  private static final String RECORDING = "manageiq-RetrieveServiceContent-1.xml";

  private static ManagedObjectReference recordedRef(String xml, String element) {
    Matcher m = Pattern.compile("<" + element + " type=\"([^\"]+)\">([^<]+)</" + element + ">").matcher(xml);
    assertThat(m.find()).as(element).isTrue();
    return new ManagedObjectReference(m.group(1), m.group(2));
  }

  private static String recordedAbout(String xml, String element) {
    Matcher m = Pattern.compile("<about>.*<" + element + ">([^<]*)</" + element + ">.*</about>").matcher(xml);
    assertThat(m.find()).as(element).isTrue();
    return m.group(1);
  }

  @Test
  void vcenter9ServiceContent() {
    String xml = ReplayTransport.recording(RECORDING);

    ServiceContent content = ServiceContent.retrieve(ReplayTransport.create().answer("RetrieveServiceContent", RECORDING));

    assertThat(xml).contains("<patchLevel>");
    assertThat(content.rootFolder()).isEqualTo(recordedRef(xml, "rootFolder"));
    assertThat(content.propertyCollector()).isEqualTo(recordedRef(xml, "propertyCollector"));
    assertThat(content.viewManager()).isEqualTo(recordedRef(xml, "viewManager"));
    assertThat(content.sessionManager()).isEqualTo(recordedRef(xml, "sessionManager"));
    assertThat(content.perfManager()).isEqualTo(recordedRef(xml, "perfManager"));
    assertThat(content.setting()).isEqualTo(recordedRef(xml, "setting"));
    assertThat(content.apiType()).isEqualTo(recordedAbout(xml, "apiType"));
    assertThat(content.apiVersion()).isEqualTo("9.0.0.0").isEqualTo(recordedAbout(xml, "apiVersion"));
    assertThat(content.fullName()).isEqualTo(recordedAbout(xml, "fullName"));
    assertThat(content.instanceUuid()).isEqualTo(recordedAbout(xml, "instanceUuid"));
  }
}
