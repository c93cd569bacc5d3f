package dev.vscope.vim;

/** vCenter refused the username and password (the {@code InvalidLogin} fault). */
public class VimLoginException extends VimException {

  public VimLoginException(String vcenter, String username) {
    super(vcenter + ": login refused for user '" + username + "' (wrong username or password)", null);
  }
}
