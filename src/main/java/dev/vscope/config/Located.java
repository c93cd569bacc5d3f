package dev.vscope.config;

/**
 * A configuration block that remembers the line of the file it starts at, so that an error found
 * after parsing (a rule naming an unknown metric) can name its line as a parse error does. The
 * loader sets it ({@link ConfigLoader}); a block made in code has line 0.
 */
public interface Located {

  /** This block, read from this line (1-based). */
  Located atLine(int line);
}
