package dev.vscope.store;

import java.nio.file.Path;

/**
 * A history file could not be read or written because of an I/O problem (disk full, permissions,
 * I/O error). The message names the file and the cause; the files already on disk are left as
 * they were and stay readable.
 */
public class StoreException extends RuntimeException {

  private final transient Path path;

  public StoreException(Path path, String message, Throwable cause) {
    super(message + " " + path + ": " + cause, cause);
    this.path = path;
  }

  /** The file or directory the store was working on. */
  public Path path() {
    return path;
  }
}
