package dev.vscope.vim;

/**
 * A SOAP fault answered by vCenter. Callers test its kind with {@link #isA(VimFault)}, like
 * govmomi's {@code fault.Is}; the vim25 type name stays available for messages and labels.
 */
public class VimFaultException extends VimException {

  private final VimFault fault;
  private final String faultType;
  private final String faultMessage;

  public VimFaultException(String vcenter, String method, String faultType, String faultMessage) {
    super(vcenter + ": " + method + " failed with " + faultType + ": " + faultMessage, null);
    this.fault = VimFault.of(faultType);
    this.faultType = faultType;
    this.faultMessage = faultMessage;
  }

  /** The fault's kind; {@link VimFault#OTHER} for one vscope has no handling for. */
  public VimFault fault() {
    return fault;
  }

  /** The vim25 fault type without the {@code Fault} suffix of its detail element. */
  public String faultType() {
    return faultType;
  }

  /** The fault string as vCenter wrote it. */
  public String faultMessage() {
    return faultMessage;
  }

  public boolean isA(VimFault kind) {
    return fault == kind;
  }
}
