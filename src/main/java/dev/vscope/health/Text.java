package dev.vscope.health;

import java.math.BigDecimal;

/**
 * A text of the health checks in each language of the dashboard (issue 17): the API answers in the
 * caller's. Numbers are written for each language ({@code 7.3%}, {@code 7,3 %}).
 */
public record Text(String en, String fr) {

  /** The text in "en" or "fr"; English for anything else. */
  public String in(String language) {
    return "fr".equals(language) ? fr : en;
  }

  /**
   * A number to one decimal, "7.3" and "7,3": what a check writes for each of possibly thousands of
   * findings, where {@link String#format} took most of a check's time (at 40,000 VMs).
   */
  static Text decimal1(double value) {
    long tenths = Math.round(value * 10);
    String digits = (tenths < 0 ? "-" : "") + Math.abs(tenths / 10) + "." + Math.abs(tenths % 10);
    return new Text(digits, digits.replace('.', ','));
  }

  /** A configured number as it was written, "7.5" and "7,5", "5" without decimals. */
  static Text threshold(double value) {
    String plain = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    return new Text(plain, plain.replace('.', ','));
  }

  /** The same text in both languages: values that no language changes (a MAC, a file name). */
  static Text same(String text) {
    return new Text(text, text);
  }

  /** Texts one after the other, separated by ", ". */
  static Text join(java.util.List<Text> parts) {
    Text out = parts.get(0);
    for (Text t : parts.subList(1, parts.size())) {
      out = out.then(same(", ")).then(t);
    }
    return out;
  }

  /** This text followed by another, in each language. */
  Text then(Text next) {
    return new Text(en + next.en, fr + next.fr);
  }
}
