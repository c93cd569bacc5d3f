package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pages' message catalogs (issue 17) against the pages: every key the pages use is in the
 * English and the French catalog, no catalog holds a key nothing uses, plural entries have their
 * forms, and a French text has the same {placeholders} as the English one. Keys are found where
 * i18n.js says they are written: {@code t('…')}, {@code key('…')} and {@code data-i18n*} attributes.
 */
class I18nCatalogTest {

  private static final Path PUBLIC = Path.of("src/main/resources/public");
  /** The HTML pages, made from one template (PageTemplate). */
  private static final Path PAGES = Path.of("src/main/resources/pages");
  private static final Pattern JS_KEY = Pattern.compile("\\b(?:t|key)\\(\\s*'([^']+)'");
  private static final Pattern HTML_KEY = Pattern.compile("data-i18n(?:-label|-title)?[\"']?\\s*[=:]\\s*[\"']([^\"']+)[\"']");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)\\}");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyKeyUsedIsInBothCatalogsAndEveryCatalogKeyIsUsed() throws IOException {
    Set<String> used = usedKeys();
    assertThat(used).as("keys found in the pages").hasSizeGreaterThan(100).contains("nav.overview", "enum.power.poweredOn", "title.vms");
    for (String lang : new String[] {"en", "fr"}) {
      Set<String> keys = catalog(lang).keySet();
      assertThat(new TreeSet<>(used)).as("keys used in the pages but missing from " + lang + ".js").isSubsetOf(keys);
      assertThat(new TreeSet<>(keys)).as("keys of " + lang + ".js that no page uses").isSubsetOf(used);
    }
  }

  @Test
  void frenchTextsHaveTheEnglishPlaceholdersAndPluralForms() throws IOException {
    Map<String, JsonNode> en = catalog("en");
    Map<String, JsonNode> fr = catalog("fr");
    for (Map.Entry<String, JsonNode> e : en.entrySet()) {
      JsonNode french = fr.get(e.getKey());
      assertThat(french).as(e.getKey()).isNotNull();
      if (e.getValue().isObject()) {
        assertThat(french.isObject()).as(e.getKey() + " has plural forms in both").isTrue();
        assertThat(e.getValue().has("one") && e.getValue().has("other") && french.has("one") && french.has("other")).as(e.getKey()).isTrue();
        assertThat(placeholders(french.get("other").asText())).as(e.getKey()).isEqualTo(placeholders(e.getValue().get("other").asText()));
      } else {
        assertThat(french.isTextual()).as(e.getKey()).isTrue();
        assertThat(french.asText()).as(e.getKey()).isNotBlank();
        assertThat(placeholders(french.asText())).as(e.getKey()).isEqualTo(placeholders(e.getValue().asText()));
      }
    }
  }

  /** Keys written in the pages' scripts and HTML; the catalogs themselves are not read for keys. */
  static Set<String> usedKeys() throws IOException {
    Set<String> keys = new TreeSet<>();
    try (Stream<Path> files = Stream.concat(Files.walk(PUBLIC), Files.walk(PAGES))) {
      for (Path file : files.filter(Files::isRegularFile).filter(p -> !p.startsWith(PUBLIC.resolve("js/i18n"))).toList()) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".js") && !name.endsWith(".html")) {
          continue;
        }
        String text = Files.readString(file);
        for (Pattern p : new Pattern[] {JS_KEY, HTML_KEY}) {
          Matcher m = p.matcher(text);
          while (m.find()) {
            keys.add(m.group(1));
          }
        }
      }
    }
    return keys;
  }

  /** A catalog module: a comment, then {@code export default} and a JSON object. */
  static Map<String, JsonNode> catalog(String lang) throws IOException {
    String text = Files.readString(PUBLIC.resolve("js/i18n/" + lang + ".js"));
    int start = text.indexOf("\nexport default ") + "\nexport default ".length();
    int end = text.lastIndexOf(';');
    JsonNode root = JSON.readTree(text.substring(start, end));
    Map<String, JsonNode> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  private static Set<String> placeholders(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
