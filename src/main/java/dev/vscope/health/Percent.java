package dev.vscope.health;

/** Percentages as the details of the checks write them, in each language. */
final class Percent {

  private Percent() {}

  /** A measured percentage to one decimal with its sign: "93.0%", "93,0 %". */
  static Text of(double value) {
    return Text.decimal1(value).then(new Text("%", "\u202f%"));
  }
}
