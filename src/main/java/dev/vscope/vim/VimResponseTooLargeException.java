package dev.vscope.vim;

/**
 * vCenter's answer grew past the size cap ({@link VimEndpoint#maxResponseBytes()}) and was not read
 * to its end. Asking the same again gets the same answer; asking for less (a smaller page, fewer
 * objects) may not, which is why callers that can ask for less catch this type.
 */
public final class VimResponseTooLargeException extends VimProtocolException {

  public VimResponseTooLargeException(String message, Throwable cause) {
    super(message, cause);
  }
}
