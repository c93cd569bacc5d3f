package dev.vscope.vim;

/**
 * vCenter answered something that is not a well-formed vim25 answer within our limits: not XML, a
 * DOCTYPE, an unexpected element, a truncated or oversized body, a TLS certificate that does not
 * match. Retrying does not help.
 */
public class VimProtocolException extends VimException {

  public VimProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
