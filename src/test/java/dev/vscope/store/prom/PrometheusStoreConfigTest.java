package dev.vscope.store.prom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrometheusStoreConfigTest {

  private static final URI WRITE = URI.create("https://prom.example.com/api/v1/write");
  private static final URI READ = URI.create("https://prom.example.com");

  @Test
  void defaultsTheBufferPathAndTimeout() {
    PrometheusStoreConfig c = new PrometheusStoreConfig(WRITE, READ, null, null, null, null, null);
    assertThat(c.bufferPath()).isEqualTo(PrometheusStoreConfig.DEFAULT_BUFFER_PATH);
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.authorization()).isEmpty();
  }

  @Test
  void buildsBearerOrBasicAuthorization() {
    assertThat(new PrometheusStoreConfig(WRITE, READ, "tok", null, null, null, null).authorization())
        .hasValue("Bearer tok");
    assertThat(new PrometheusStoreConfig(WRITE, READ, null, "Aladdin", "open sesame", null, null).authorization())
        .hasValue("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="); // RFC 7617's example
  }

  @Test
  void refusesIncompleteOrContradictoryAuthentication() {
    assertThatThrownBy(() -> new PrometheusStoreConfig(WRITE, READ, "tok", "u", "p", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> new PrometheusStoreConfig(WRITE, READ, null, "u", null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("go together");
  }

  @Test
  void refusesMissingOrNonHttpUrlsAndNonPositiveTimeouts() {
    assertThatThrownBy(() -> new PrometheusStoreConfig(null, READ, null, null, null, null, null))
        .hasMessageContaining("storage.prometheus.writeUrl is required");
    assertThatThrownBy(() -> new PrometheusStoreConfig(WRITE, URI.create("ftp://x"), null, null, null, null, null))
        .hasMessageContaining("readUrl must be an http:// or https:// URL");
    assertThatThrownBy(() -> new PrometheusStoreConfig(WRITE, READ, null, null, null, null, Duration.ZERO))
        .hasMessageContaining("timeout must be positive");
  }

  @Test
  void toStringShowsNoSecret() {
    assertThat(new PrometheusStoreConfig(WRITE, READ, "t0ken", null, null, null, null).toString())
        .doesNotContain("t0ken")
        .contains("auth=bearer");
    assertThat(new PrometheusStoreConfig(WRITE, READ, null, "vscope", "pa55", null, null).toString())
        .doesNotContain("pa55")
        .contains("basic(vscope)");
  }
}
