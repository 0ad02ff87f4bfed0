package dev.livedrop.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The limits on guesses and probes count an IPv4 address alone and an IPv6 address by its /64. */
class ClientKeyTest {
  @Test
  void ipv4CountsAlone() {
    assertThat(Viewers.clientKey("203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(Viewers.clientKey("203.0.113.8")).isNotEqualTo(Viewers.clientKey("203.0.113.7"));
  }

  @Test
  void ipv6CountsByItsSlash64() {
    String a = Viewers.clientKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd");
    assertThat(Viewers.clientKey("2001:db8:1:2::1")).isEqualTo(a);
    assertThat(Viewers.clientKey("2001:db8:1:3::1")).isNotEqualTo(a);
  }

  @Test
  void ipv4MappedIpv6IsTheIpv4Address() {
    assertThat(Viewers.clientKey("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
  }
}
