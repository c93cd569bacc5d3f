package dev.vscope.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of each key and list item of a YAML text, by JSON pointer ({@code /alerts/rules/0/metric}),
 * so that an error about a value can name its line. Read with the same parser as the
 * configuration; a text that does not parse gives the lines read up to its error.
 */
final class YamlLines {

  private static final YAMLFactory YAML = new YAMLFactory();

  private YamlLines() {}

  static Map<String, Integer> of(String yaml) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser p = YAML.createParser(yaml)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME || p.getParsingContext().inArray() && (t.isScalarValue() || t.isStructStart())) {
          // a key, or an item of a list: its own pointer (for a key, the pointer of its value)
          String pointer = p.getParsingContext().pathAsPointer().toString();
          lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
        }
      }
    } catch (IOException ignored) {
      // an error in the text itself is reported by the parse; the lines before it are known
    }
    return lines;
  }
}
