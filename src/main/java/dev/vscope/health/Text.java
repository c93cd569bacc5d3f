package dev.vscope.health;

import java.util.Locale;

/**
 * A text of the health checks in each language of the dashboard (issue 17): the API answers in the
 * caller's. Numbers are formatted for each language ({@code 7.3%}, {@code 7,3 %}).
 */
public record Text(String en, String fr) {

  /** The text in "en" or "fr"; English for anything else. */
  public String in(String language) {
    return "fr".equals(language) ? fr : en;
  }

  /** Both texts formatted with {@link String#format}, each with its language's numbers. */
  static Text format(String en, String fr, Object... args) {
    return new Text(String.format(Locale.ENGLISH, en, args), String.format(Locale.FRENCH, fr, args));
  }

  /** The same text in both languages: values that no language changes (a MAC, a file name). */
  static Text same(String text) {
    return new Text(text, text);
  }

  /** This text followed by another, in each language. */
  Text then(Text next) {
    return new Text(en + next.en, fr + next.fr);
  }
}
