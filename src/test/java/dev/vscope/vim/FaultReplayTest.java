package dev.vscope.vim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Faults as vCenter sends them, read into typed {@link VimFaultException}s: the InvalidLogin
 * fault a real vCenter 6.0 answered a wrong password with, and the same fault written the way other
 * vSphere endpoints write theirs (a prefixed {@code xsi:type}, an element named after a base type,
 * as in the PBM fault of ManageIQ's classic.yml #17). See src/test/resources/vcenter/README.md.
 */
class FaultReplayTest {

  private static final String LOGIN_FAULT = "pyvmomi-Login-1.xml";
  private static final ManagedObjectReference SESSION_MANAGER = new ManagedObjectReference("SessionManager", "SessionManager");

  @Test
  void aRefusedPasswordIsALoginError() {
    ReplayTransport transport = ReplayTransport.create().answer("Login", LOGIN_FAULT);

    assertThatThrownBy(() -> new SessionManager(transport, SESSION_MANAGER).login("someone", "s3cret-pw"))
        .isInstanceOf(VimLoginException.class)
        .hasMessageContaining("someone")
        .hasMessageNotContaining("s3cret-pw");
  }

  @Test
  void theRecordedFaultIsTypedWithItsVcenterMessage() {
    String recorded = ReplayTransport.recording(LOGIN_FAULT);
    ReplayTransport transport = ReplayTransport.create().answer("Login", LOGIN_FAULT);

    assertThatThrownBy(() -> transport.call(SoapBody.of("Login"), ResponseReader.ignore()))
        .isInstanceOfSatisfying(VimFaultException.class, f -> {
          assertThat(f.isA(VimFault.INVALID_LOGIN)).isTrue();
          assertThat(f.isA(VimFault.NOT_AUTHENTICATED)).isFalse();
          assertThat(f.faultType()).isEqualTo("InvalidLogin");
          assertThat(recorded).contains("<faultstring>" + f.faultMessage() + "</faultstring>");
        });
  }

  @Test
  void aPrefixedXsiTypeOnAnElementNamedAfterABaseType() {
    // the recorded fault, rewritten as PBM writes its faults: the type is the xsi:type, not the element
    String prefixed = ReplayTransport.recording(LOGIN_FAULT)
        .replace("<InvalidLoginFault xmlns=\"urn:vim25\" xsi:type=\"InvalidLogin\"></InvalidLoginFault>",
            "<RuntimeFaultFault xmlns=\"urn:vim25\" xmlns:vim25=\"urn:vim25\" xsi:type=\"vim25:InvalidLogin\"/>");
    assertThat(prefixed).contains("xsi:type=\"vim25:InvalidLogin\"");
    ReplayTransport transport = ReplayTransport.create().answerText("Login", prefixed);

    assertThatThrownBy(() -> new SessionManager(transport, SESSION_MANAGER).login("someone", "wrong"))
        .isInstanceOf(VimLoginException.class);
  }

  @Test
  void notAuthenticatedLogsInOnceAndRepeatsTheCall() {
    ReplayTransport transport =
        ReplayTransport.create()
            .answerText("RetrieveServiceContent", fault("NotAuthenticated", "The session is not authenticated."))
            .answer("RetrieveServiceContent", "manageiq-RetrieveServiceContent-1.xml");
    AtomicInteger logins = new AtomicInteger();
    ReloginTransport relogin = new ReloginTransport(transport, logins::incrementAndGet);

    ServiceContent content = ServiceContent.retrieve(relogin);

    assertThat(content.apiVersion()).isEqualTo("9.0.0.0");
    assertThat(logins).hasValue(1);
    assertThat(relogin.generation()).isEqualTo(1);
    assertThat(transport.requests()).hasSize(2);
  }

  @Test
  void otherFaultsAreNotAnsweredWithALogin() {
    ReplayTransport transport = ReplayTransport.create().answer("Login", LOGIN_FAULT);
    AtomicInteger logins = new AtomicInteger();

    assertThatThrownBy(() -> new ReloginTransport(transport, logins::incrementAndGet).call(SoapBody.of("Login"), ResponseReader.ignore()))
        .isInstanceOfSatisfying(VimFaultException.class, f -> assertThat(f.isA(VimFault.INVALID_LOGIN)).isTrue());
    assertThat(logins).hasValue(0);
    assertThat(transport.requests()).hasSize(1);
  }

  /** A fault as vCenter writes it (the recorded InvalidLogin's shape), for a type no recording holds. */
  private static String fault(String type, String message) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
        + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body><soapenv:Fault><faultcode>ServerFaultCode</faultcode>"
        + "<faultstring>" + message + "</faultstring><detail><" + type + "Fault xmlns=\"urn:vim25\" xsi:type=\"" + type + "\"></"
        + type + "Fault></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>";
  }
}
