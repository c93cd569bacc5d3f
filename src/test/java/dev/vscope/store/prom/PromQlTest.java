package dev.vscope.store.prom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void quotesBackslashQuoteAndControlCharacters() {
    assertThat(PromQl.quote("plain:vm-1")).isEqualTo("\"plain:vm-1\"");
    assertThat(PromQl.quote("a\\b")).isEqualTo("\"a\\\\b\"");
    assertThat(PromQl.quote("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
    assertThat(PromQl.quote("line1\nline2\r\tend")).isEqualTo("\"line1\\nline2\\r\\tend\"");
    assertThat(PromQl.quote("bell\u0007")).isEqualTo("\"bell\\x07\"");
    assertThat(PromQl.quote("naïve ✓ 'single'")).isEqualTo("\"naïve ✓ 'single'\"");
    assertThat(PromQl.quote("")).isEqualTo("\"\"");
  }

  @Test
  void selectorNamesEntityAndMetric() {
    assertThat(PromQl.selector(new SeriesKey("demo:vm-42", "net.rx[vmnic0]")))
        .isEqualTo("vscope_history{entity=\"demo:vm-42\",metric=\"net.rx[vmnic0]\"}");
    assertThat(PromQl.entitySelector("a\"b")).isEqualTo("vscope_history{entity=\"a\\\"b\"}");
  }

  @Test
  void avgAndMaxUseAWindowOneMillisecondShorterThanTheStep() {
    String q = PromQl.avgAndMax(new SeriesKey("d:vm-1", "cpu.usage"), 300);
    String sel = "vscope_history{entity=\"d:vm-1\",metric=\"cpu.usage\"}[299999ms]";
    assertThat(q)
        .isEqualTo(
            "label_replace(avg_over_time(" + sel + "), \"vscope_agg\", \"avg\", \"\", \"\")"
                + " or label_replace(max_over_time(" + sel + "), \"vscope_agg\", \"max\", \"\", \"\")");
  }

  @Test
  void lastTimestampsLooksOverTheWindowAtSampleResolution() {
    assertThat(PromQl.lastTimestamps("d:vm-1", 7200, 20))
        .isEqualTo("max_over_time(timestamp(vscope_history{entity=\"d:vm-1\"})[7200s:20s])");
  }

  @Test
  void seriesLabelsCarryTheVcenterPrefix() {
    assertThat(new SeriesKey("demo:vm-42", "cpu.usage").labels())
        .extracting(SeriesKey.Label::value)
        .containsExactly("vscope_history", "demo:vm-42", "cpu.usage", "demo");
    assertThat(SeriesKey.vcenter("novc")).isEmpty();
  }
}
