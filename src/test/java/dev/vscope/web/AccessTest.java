package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessTest {

  @Test
  void overHttpsTheOriginMustBeHttpsOnTheSameHostAndPort() {
    assertThat(Access.sameOrigin("https://127.0.0.1:18443", "https", "127.0.0.1:18443")).isTrue();
    assertThat(Access.sameOrigin("HTTPS://Vscope.Example", "https", "vscope.example:443")).isTrue();
    assertThat(Access.sameOrigin("https://vscope.example:443", "https", "vscope.example")).isTrue();
    assertThat(Access.sameOrigin("http://127.0.0.1:18443", "https", "127.0.0.1:18443")).isFalse();
    assertThat(Access.sameOrigin("https://127.0.0.1:18444", "https", "127.0.0.1:18443")).isFalse();
    assertThat(Access.sameOrigin("https://127.0.0.1.evil.example:18443", "https", "127.0.0.1:18443")).isFalse();
    assertThat(Access.sameOrigin("https://vscope.example:8443", "https", "vscope.example")).isFalse();
    assertThat(Access.sameOrigin("null", "https", "vscope.example")).isFalse();
    assertThat(Access.sameOrigin("ftp://vscope.example:443", "https", "vscope.example")).isFalse();
  }

  @Test
  void inPlainHttpBehindAProxyEitherSchemeMatches() {
    assertThat(Access.sameOrigin("https://vscope.example", "http", "vscope.example")).isTrue();
    assertThat(Access.sameOrigin("http://127.0.0.1:8080", "http", "127.0.0.1:8080")).isTrue();
    assertThat(Access.sameOrigin("https://vscope.example", "http", "127.0.0.1:8080")).isFalse();
  }
}
