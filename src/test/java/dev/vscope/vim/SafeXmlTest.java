package dev.vscope.vim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;

class SafeXmlTest {

  private static XmlNode parse(String xml) throws XMLStreamException {
    XMLStreamReader r = SafeXml.reader(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    assertThat(SafeXml.nextElement(r)).isTrue();
    return SafeXml.readNode(r);
  }

  @Test
  void readsTypesAttributesAndText() throws Exception {
    XmlNode n = parse("<val xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xsi:type='ArrayOfManagedObjectReference'>"
        + "<ManagedObjectReference type='VirtualMachine'>vm-1</ManagedObjectReference>"
        + "<ManagedObjectReference type='VirtualMachine'>vm-&amp;2</ManagedObjectReference></val>");
    assertThat(n.xsiType()).isEqualTo("ArrayOfManagedObjectReference");
    assertThat(n.children()).extracting(XmlNode::asMoRef)
        .containsExactly(new ManagedObjectReference("VirtualMachine", "vm-1"), new ManagedObjectReference("VirtualMachine", "vm-&2"));
  }

  @Test
  void refusesDoctypeAndEntities() {
    assertThatThrownBy(() -> parse("<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>"))
        .isInstanceOf(XMLStreamException.class);
    String lol = "<?xml version='1.0'?><!DOCTYPE l [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>"
        + "<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>]><l>&c;</l>";
    assertThatThrownBy(() -> parse(lol)).isInstanceOf(XMLStreamException.class);
  }

  @Test
  void refusesDeepNesting() {
    String deep = "<a>".repeat(100) + "</a>".repeat(100);
    assertThatThrownBy(() -> parse(deep)).isInstanceOf(XMLStreamException.class).hasMessageContaining("deeper");
  }

  @Test
  void bodyEscapesEverything() {
    String xml = SoapBody.of("Login").text("userName", "<a&b\"'>").end();
    assertThat(xml).contains("<userName>&lt;a&amp;b&quot;&apos;&gt;</userName>");
  }
}
