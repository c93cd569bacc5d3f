package dev.vscope.store.prom;

/**
 * A place in the on-disk buffer: a byte offset in a segment. Segments are numbered in the order
 * they were created, so positions order like the records they point at.
 */
record Position(long segment, long offset) implements Comparable<Position> {

  @Override
  public int compareTo(Position o) {
    int c = Long.compare(segment, o.segment);
    return c != 0 ? c : Long.compare(offset, o.offset);
  }

  boolean isBefore(Position o) {
    return compareTo(o) < 0;
  }

  static Position max(Position a, Position b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
