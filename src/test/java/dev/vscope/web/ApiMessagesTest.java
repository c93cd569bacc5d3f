package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API's error messages in French for a French browser, in English for everyone else, and a
 * French template for every message the web package throws (read from its sources, so a new
 * message without one fails here rather than reaching a French reader in English).
 */
class ApiMessagesTest {

  private static final Path WEB = Path.of("src/main/java/dev/vscope/web");
  /** The message argument of the ways the web package makes an API error. */
  private static final Pattern THROWN = Pattern.compile(
      "new ApiException\\(\\d+, \"[a-z_]+\", (.+?)\\);|ApiException\\.(badRequest|notFound)\\((.+?)\\)\\)?;"
          + "|super\\((\"[^\"]+\"), null, false, false\\)|error\\(ctx, \\d+, \"[a-z_]+\", (\"[^\"]+\")\\)");
  private static final Pattern TOKEN = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|[^+\"]+");

  @Test
  void frenchBrowsersGetFrenchMessagesWithTheRequestPartsKept() {
    assertThat(ApiMessages.localize("entity vc1:vm-42 not found", "fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7")).isEqualTo("objet vc1:vm-42 introuvable");
    assertThat(ApiMessages.localize("parameter 'entity' is required", "fr")).isEqualTo("le paramètre 'entity' est obligatoire");
    assertThat(ApiMessages.localize("wrong username or password", "fr-CA")).isEqualTo("nom d’utilisateur ou mot de passe incorrect");
  }

  @Test
  void everyoneElseGetsEnglish() {
    String message = "entity vc1:vm-42 not found";
    assertThat(ApiMessages.localize(message, null)).as("a script sends no Accept-Language").isEqualTo(message);
    assertThat(ApiMessages.localize(message, "en-US,en;q=0.9,fr;q=0.8")).isEqualTo(message);
    assertThat(ApiMessages.localize(message, "de-DE")).isEqualTo(message);
    assertThat(ApiMessages.localize(message, "fr;q=0.2,en;q=0.9")).as("weights decide, not order").isEqualTo(message);
    assertThat(ApiMessages.localize(message, ";;;q=x")).as("a malformed header counts as none").isEqualTo(message);
    assertThat(ApiMessages.localize("a message with no template", "fr")).isEqualTo("a message with no template");
  }

  @Test
  void everyMessageTheWebPackageThrowsHasAFrenchTemplate() throws IOException {
    Set<String> thrown = thrownTemplates();
    assertThat(thrown).as("messages found in the sources").hasSizeGreaterThan(10).contains("entity {} not found", "log in first");
    assertThat(new TreeSet<>(thrown)).isSubsetOf(ApiMessages.FRENCH.keySet());
  }

  /** Each thrown message as a template: its string literals, and {} for what is computed. */
  private static Set<String> thrownTemplates() throws IOException {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> files = Files.list(WEB)) {
      // ApiException.java itself only frames the messages of the others ("… not found").
      for (Path file : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("ApiException.java")).toList()) {
        Matcher m = THROWN.matcher(Files.readString(file));
        while (m.find()) {
          String expr = m.group(1) != null ? m.group(1) : m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(5);
          String template = template(expr);
          if (template == null) {
            continue; // no literal: a message made elsewhere (the login refusal, found at its source)
          }
          out.add("notFound".equals(m.group(2)) ? template + " not found" : template);
        }
      }
    }
    return out;
  }

  private static String template(String expr) {
    List<String> parts = new ArrayList<>();
    boolean literal = false;
    Matcher t = TOKEN.matcher(expr);
    while (t.find()) {
      if (t.group(1) != null) {
        parts.add(t.group(1).replace("\\\"", "\""));
        literal = true;
      } else if (!t.group().isBlank()) {
        parts.add("{}");
      }
    }
    return literal ? String.join("", parts) : null;
  }
}
