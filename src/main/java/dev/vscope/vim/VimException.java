package dev.vscope.vim;

/**
 * Base of every error talking to a vCenter. The message always names the vCenter and, where there
 * is one, the API call, so a log line or an error shown to an operator is enough to act on.
 */
public abstract class VimException extends RuntimeException {

  protected VimException(String message, Throwable cause) {
    super(message, cause);
  }
}
