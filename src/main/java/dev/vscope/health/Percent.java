package dev.vscope.health;

import java.math.BigDecimal;

/** A configured threshold as a title shows it: "5", "85", "7.5" (French "7,5"), never "5.0". */
final class Percent {

  private Percent() {}

  static Text threshold(double value) {
    String plain = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    return new Text(plain, plain.replace('.', ','));
  }
}
