package dev.vscope.store.prom;

import dev.vscope.store.StoreException;
import java.net.URI;

/**
 * The history engine could not be asked (unreachable, timed out, refused the query or answered
 * something unreadable). A {@link StoreException}, so callers handle it like the embedded store's
 * I/O errors; it has no file, so {@link #path()} is null and the message names the URL instead.
 */
public class RemoteStoreException extends StoreException {

  private final URI uri;
  private final String message;

  public RemoteStoreException(URI uri, String message, Throwable cause) {
    super(null, message, cause);
    this.uri = uri;
    this.message = message + " " + uri + (cause == null ? "" : ": " + cause);
  }

  /** The URL that was asked. */
  public URI uri() {
    return uri;
  }

  @Override
  public String getMessage() {
    return message;
  }
}
