package org.courseport.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.courseport.server.domain.DomainException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {
  private final AddressPolicy strict = AddressPolicy.strict();

  private static InetAddress ip(String literal) {
    return IpRange.parseLiteral(literal).orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.255.255.254",
        "0.0.0.0",
        "0.1.2.3",
        "10.0.0.1",
        "10.255.255.255",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "100.64.0.1",
        "100.127.255.255",
        "169.254.169.254",
        "169.254.0.1",
        "224.0.0.1",
        "239.255.255.250",
        "255.255.255.255",
        "240.0.0.1",
        "192.0.2.1",
        "198.51.100.7",
        "203.0.113.9",
        "198.18.0.1",
        "198.19.255.255",
        "192.0.0.8",
        "192.88.99.1",
        "::1",
        "::",
        "fe80::1",
        "febf::1",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "ff05::2",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "::127.0.0.1",
        "::10.0.0.1",
        "::8.8.8.8",
        "64:ff9b::7f00:1",
        "64:ff9b::a00:1",
        "64:ff9b::169.254.169.254",
        "64:ff9b:1::1",
        "2002:7f00:1::1",
        "2002:c0a8:101::1",
        "2002:a9fe:a9fe::",
        "2001:db8::1",
        "3fff::1",
        "2001::1",
        "2001:2::1",
        "fec0::1",
        "100::1",
        "::ffff:0:7f00:1",
        "4000::1",
        "[::1]"
      })
  void refusesSpecialAddresses(String literal) {
    assertThat(strict.isAllowed("h", ip(literal), 80, 80)).as(literal).isFalse();
    assertThat(SpecialAddresses.isPublic(ip(literal))).as(literal).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "1.1.1.1",
        "93.184.216.34",
        "172.15.255.255",
        "172.32.0.1",
        "100.63.255.255",
        "100.128.0.1",
        "192.169.0.1",
        "11.0.0.1",
        "223.255.255.255",
        "198.20.0.1",
        "2606:4700:4700::1111",
        "2001:4860:4860::8888",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",
        "2002:808:808::1"
      })
  void allowsPublicAddressesOnDefaultPort(String literal) {
    assertThat(strict.isAllowed("h", ip(literal), 443, 443)).as(literal).isTrue();
  }

  @Test
  void labelsNameTheKindOfAddress() {
    assertThat(SpecialAddresses.classify(ip("169.254.169.254")))
        .hasValueSatisfying(s -> assertThat(s).contains("link-local"));
    assertThat(SpecialAddresses.classify(ip("64:ff9b::7f00:1")))
        .hasValue("loopback (embedded in NAT64 address)");
    assertThat(SpecialAddresses.classify(ip("2002:c0a8:101::1")))
        .hasValue("private (embedded in 6to4 address)");
  }

  @Test
  void mappedAddressBuiltFromBytesIsClassifiedAsItsIpv4() throws Exception {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    bytes[12] = 127;
    bytes[15] = 1;
    InetAddress mapped = Inet6Address.getByAddress(null, bytes, -1);
    assertThat(mapped).isInstanceOf(Inet6Address.class);
    assertThat(SpecialAddresses.classify(mapped)).hasValue("loopback");
    assertThat(AddressPolicy.withAllowList(List.of("127.0.0.1")).isAllowed("x", mapped, 80, 80))
        .isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1,          127.0.0.1,        127.0.0.1,   8080, true",
    "127.0.0.1:8080,     127.0.0.1,        127.0.0.1,   8080, true",
    "127.0.0.1:8080,     127.0.0.1,        127.0.0.1,   8081, false",
    "10.0.0.0/8,         10.1.2.3,         10.1.2.3,    80,   true",
    "10.0.0.0/8,         192.168.1.1,      192.168.1.1, 80,   false",
    "10.0.0.0/8:8443,    10.9.9.9,         10.9.9.9,    8443, true",
    "10.0.0.0/8:8443,    10.9.9.9,         10.9.9.9,    443,  false",
    "127.0.0.1/8,        127.2.3.4,        127.2.3.4,   80,   true",
    "[::1]:9000,         ::1,              ::1,         9000, true",
    "[::1]:9000,         ::1,              ::1,         9001, false",
    "::1,                ::1,              ::1,         1234, true",
    "fd00::/8,           fd12::1,          fd12::1,     80,   true",
    "fd00::/8,           fe80::1,          fe80::1,     80,   false",
    "[fd00::/8]:443,     fd00::5,          fd00::5,     443,  true",
    "files.internal,     files.internal,   10.0.0.5,    8080, true",
    "files.internal,     FILES.INTERNAL.,  10.0.0.5,    80,   true",
    "files.internal,     other.internal,   10.0.0.5,    80,   false",
    "files.internal:81,  files.internal,   10.0.0.5,    80,   false",
    "*.corp.example,     pkg.corp.example, 10.1.1.1,    80,   true",
    "*.corp.example,     corp.example,     10.1.1.1,    80,   false",
    "localhost,          127.0.0.1,        127.0.0.1,   80,   false",
    "'10.0.0.1, ,192.168.0.0/16', 192.168.5.5, 192.168.5.5, 80, true"
  })
  void allowListEntriesNameHostsAddressesRangesAndPorts(
      String entries, String host, String address, int port, boolean allowed) {
    AddressPolicy policy = AddressPolicy.withAllowList(List.of(entries.split(",")));
    assertThat(policy.isAllowed(host, ip(address), port, 80)).isEqualTo(allowed);
  }

  @Test
  void nonDefaultPortOfPublicAddressNeedsAnEntry() {
    InetAddress publicIp = ip("93.184.216.34");
    assertThat(strict.refusal("example.com", publicIp, 8080, 80))
        .hasValueSatisfying(s -> assertThat(s).contains("port 8080"));
    assertThat(strict.isAllowed("example.com", publicIp, 443, 443)).isTrue();
    assertThat(
            AddressPolicy.withAllowList(List.of("example.com"))
                .isAllowed("example.com", publicIp, 8080, 80))
        .isTrue();
    assertThat(
            AddressPolicy.withAllowList(List.of("example.com:8443"))
                .isAllowed("example.com", publicIp, 8080, 80))
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0/33",
        "[::1",
        "host:99999",
        "host:abc",
        "bad host!",
        "300.1.1.1/8",
        "[::1]x"
      })
  void malformedEntriesAreRejectedWithTheEntryNamed(String entry) {
    assertThatThrownBy(() -> AddressPolicy.withAllowList(List.of(entry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(entry);
  }

  @Test
  void checkThrowsForbiddenAddressNamingUrlAndHost() {
    assertThatThrownBy(
            () ->
                strict.check(
                    "http://metadata.internal/latest",
                    "metadata.internal",
                    ip("169.254.169.254"),
                    80,
                    80))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("FETCH_FORBIDDEN_ADDRESS");
              assertThat(e.kind()).isEqualTo(DomainException.Kind.PERMISSION_DENIED);
              assertThat(e.getMessage())
                  .contains(
                      "http://metadata.internal/latest", "metadata.internal", "169.254.169.254");
            });
  }
}
