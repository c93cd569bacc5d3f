package dev.vscope.vim;

import java.time.Instant;
import java.time.OffsetDateTime;

/** vCenter's SessionManager: Login, Logout, and CurrentTime (which doubles as keep-alive). */
public final class SessionManager {

  private final SoapTransport transport;
  private final ManagedObjectReference ref;

  SessionManager(SoapTransport transport, ManagedObjectReference ref) {
    this.transport = transport;
    this.ref = ref;
  }

  /**
   * Logs in. A refused password is a {@link VimLoginException}; the password is sent only in the
   * request body and never appears in a message.
   *
   * @return the user name vCenter reports for the session
   */
  public String login(String username, String password) {
    try {
      XmlNode rv =
          transport.call(
              SoapBody.of("Login").moRef("_this", ref).text("userName", username).text("password", password),
              ResponseReader.returnval());
      return rv == null ? username : rv.childText("userName");
    } catch (VimFaultException e) {
      if (e.isA(VimFault.INVALID_LOGIN) || e.isA(VimFault.INVALID_ARGUMENT)) {
        throw new VimLoginException(transport.vcenter(), username);
      }
      throw e;
    }
  }

  public void logout() {
    transport.call(SoapBody.of("Logout").moRef("_this", ref), ResponseReader.ignore());
  }

  /** vCenter's clock: performance queries are expressed in it, not in ours. */
  public Instant currentTime() {
    XmlNode rv =
        transport.call(
            SoapBody.of("CurrentTime").moRef("_this", ServiceContent.SERVICE_INSTANCE), ResponseReader.returnval());
    if (rv == null) {
      throw new VimProtocolException(transport.vcenter() + ": CurrentTime answered no time", null);
    }
    return OffsetDateTime.parse(rv.text()).toInstant();
  }
}
