package dev.vscope.health;

/**
 * Byte amounts in binary units as the pages write them ({@code format.js}): "512.0 MiB" in English,
 * "512,0 Mio" in French, the unit switching at 1,000 of the smaller one.
 */
final class Bytes {

  private static final String[] EN = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  private static final String[] FR = {"o", "Kio", "Mio", "Gio", "Tio", "Pio"};

  private Bytes() {}

  static Text of(double bytes) {
    int unit = 0;
    double n = Math.abs(bytes);
    while (n >= 1000 && unit < EN.length - 1) {
      n /= 1024;
      unit++;
    }
    double shown = bytes < 0 ? -n : n;
    Text number = unit == 0 ? Text.same(Long.toString(Math.round(shown))) : Text.decimal1(shown);
    return new Text(number.en() + " " + EN[unit], number.fr() + "\u00a0" + FR[unit]);
  }
}
