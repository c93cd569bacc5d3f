package dev.vscope;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

  @Test
  void controlCharactersAreShownEscaped() {
    String forged = "x\n2026-01-01T00:00:00.000Z INFO audit - login user=admin\r\t\u001b[31mred\u007f\u0085\u2028\\";
    assertThat(LogText.escape(forged))
        .isEqualTo("x\\n2026-01-01T00:00:00.000Z INFO audit - login user=admin\\r\\t\\x1b[31mred\\x7f\\x85\\u2028\\\\");
    assertThat(LogText.of(forged).toString()).doesNotContain("\n", "\r", "\u001b");
  }

  @Test
  void plainTextIsLeftAsIs() {
    String plain = "alice@corp.example CORP/bob é 漢字";
    assertThat(LogText.escape(plain)).isSameAs(plain);
    assertThat(LogText.escape(null)).isEqualTo("null");
  }
}
