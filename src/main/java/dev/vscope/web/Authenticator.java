package dev.vscope.web;

import java.util.Set;

/** Checks a user's vSphere credentials and tells what the user may see. */
public interface Authenticator {

  /**
   * Logs the user in.
   *
   * @throws LoginRefusedException for wrong credentials (the same for an unknown user)
   * @throws ApiException 503 when no vCenter could be asked
   */
  UserLogin login(String username, String password);

  /** A user's live vCenter logins, kept to read their visible entities again while the session lives. */
  interface UserLogin extends AutoCloseable {

    /** Entity ids the user may see, as read at login or at the last refresh. */
    Set<String> visible();

    /**
     * Reads the visible entities again through the user's own vCenter sessions.
     *
     * @return true when every vCenter answered; false when one could not be reached and kept the
     *     entities it showed before
     * @throws LoginRefusedException when a vCenter refused the user's credentials: the login is over
     */
    boolean refresh();

    /** Logs out of vCenter. */
    @Override
    void close();
  }

  /** The credentials were refused. The message is the one shown, whatever the reason. */
  final class LoginRefusedException extends RuntimeException {
    public LoginRefusedException() {
      super("wrong username or password", null, false, false);
    }
  }
}
