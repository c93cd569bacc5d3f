package dev.vscope.web;

/**
 * An expected error of the API, with its HTTP status and a message safe to show to the caller.
 * Mapped to JSON {@code {error, message}} in one place ({@link WebServer}); never logged with a
 * stack trace.
 */
public class ApiException extends RuntimeException {

  private final int status;
  private final String error;

  public ApiException(int status, String error, String message) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  /** Unknown, or not visible to the caller: both answer the same, so nothing leaks. */
  public static ApiException notFound(String what) {
    return new ApiException(404, "not_found", what + " not found");
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }
}
