package dev.vscope.vim;

/**
 * The vim25 faults vscope acts on, as in govmomi's {@code fault.Is(err, &types.NotAuthenticated{})}.
 * Any other fault is {@link #OTHER}; its vSphere name stays in {@link VimFaultException#faultType()}
 * for messages.
 */
public enum VimFault {
  /** The session is gone (vCenter restarted, idle timeout): log in again. */
  NOT_AUTHENTICATED("NotAuthenticated"),
  /** Login refused the user name or password. */
  INVALID_LOGIN("InvalidLogin"),
  /** An argument was refused; also what some vCenters answer a Login with an empty password. */
  INVALID_ARGUMENT("InvalidArgument"),
  /** The session's user lacks a privilege the call needs. */
  NO_PERMISSION("NoPermission"),
  /** The object is gone: deleted, or it lived in a session that ended (an event collector). */
  MANAGED_OBJECT_NOT_FOUND("ManagedObjectNotFound"),
  /** A fault vscope has no particular handling for. */
  OTHER("");

  private final String typeName;

  VimFault(String typeName) {
    this.typeName = typeName;
  }

  /** The vim25 type name ({@code NotAuthenticated}); empty for {@link #OTHER}. */
  public String typeName() {
    return typeName;
  }

  /** The fault of that vim25 type name (without the {@code Fault} suffix of its detail element). */
  public static VimFault of(String typeName) {
    for (VimFault f : values()) {
      if (f != OTHER && f.typeName.equals(typeName)) {
        return f;
      }
    }
    return OTHER;
  }
}
