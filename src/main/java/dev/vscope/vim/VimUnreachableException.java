package dev.vscope.vim;

/** vCenter could not be reached or did not answer in time: a network error, worth retrying. */
public class VimUnreachableException extends VimException {

  public VimUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
