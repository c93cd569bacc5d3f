package dev.vscope.vim;

/**
 * A SOAP fault answered by vCenter, typed by its vim25 fault name ({@code NotAuthenticated},
 * {@code InvalidLogin}, {@code InvalidArgument}, ...), like govmomi's {@code fault.Is}.
 */
public class VimFaultException extends VimException {

  private final String faultType;
  private final String faultMessage;

  public VimFaultException(String vcenter, String method, String faultType, String faultMessage) {
    super(vcenter + ": " + method + " failed with " + faultType + ": " + faultMessage, null);
    this.faultType = faultType;
    this.faultMessage = faultMessage;
  }

  /** The vim25 fault type without the {@code Fault} suffix of its detail element. */
  public String faultType() {
    return faultType;
  }

  /** The fault string as vCenter wrote it. */
  public String faultMessage() {
    return faultMessage;
  }

  public boolean is(String type) {
    return faultType.equals(type);
  }
}
