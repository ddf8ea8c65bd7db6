package org.p2sgate.core.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.core.pki.DemoPki;

/**
 * The IPv6 tunnel network from server.conf ({@code server-ipv6}) and gateway.yaml ({@code pool6}).
 */
class Ipv6ConfigTest {
  @TempDir static Path dir;

  /** An appended line is line 8. */
  static final String CONF =
      """
      dev tun
      topology subnet
      server 10.8.0.0 255.255.255.0
      ca pki/ca.crt
      cert pki/server.crt
      key pki/server.key
      tls-crypt pki/tc.key
      """;

  static final String YAML =
      """
      pool: 10.8.0.0/24
      tls: { ca: pki/ca.crt, cert: pki/server.crt, key: pki/server.key }
      """;

  @BeforeAll
  static void pki() throws Exception {
    DemoPki.openOrCreate(dir.resolve("pki"));
  }

  static ParsedConfig conf(String text) throws ConfigException {
    return new OpenVpnConfigParser().parse(text, "server.conf", dir);
  }

  static String confError(String text) {
    return assertThrows(ConfigException.class, () -> conf(text)).getMessage();
  }

  static ParsedConfig yaml(String text) throws ConfigException {
    return new YamlConfigLoader().load(text, "gateway.yaml", dir);
  }

  static String yamlError(String text) {
    return assertThrows(ConfigException.class, () -> yaml(text)).getMessage();
  }

  @Test
  void serverIpv6AndItsPushesImport() throws Exception {
    ParsedConfig p =
        conf(
            CONF
                + """
                proto udp6
                server-ipv6 2001:db8:0:8::/64
                tun-ipv6
                push "route-ipv6 2001:db8:1::/48"
                push "dhcp-option DNS6 2001:db8:1::53"
                """);
    ServerConfig c = p.config();
    assertEquals("2001:db8:0:8::/64", c.pool6().toString());
    assertEquals("2001:db8:0:8::1", org.p2sgate.core.ippool.Ipv6Text.of(c.pool6().gateway()));
    assertEquals(
        List.of("route-ipv6 2001:db8:1::/48", "dhcp-option DNS6 2001:db8:1::53"), c.push());
    assertEquals("::", c.listenAddress().getHostAddress().replace("0:0:0:0:0:0:0:0", "::"));
    assertTrue(
        p.warnings().stream().anyMatch(w -> w.contains("'tun-ipv6' ignored")),
        p.warnings().toString());
  }

  @Test
  void withoutServerIpv6NothingIsIpv6() throws Exception {
    assertNull(conf(CONF).config().pool6());
    assertNull(yaml(YAML).config().pool6());
  }

  @Test
  void badIpv6NetworksNameTheLine() {
    assertEquals(
        "server.conf:8: 'server-ipv6': the IPv6 network must be from /64 to /124 (as OpenVPN's"
            + " server-ipv6), got /48",
        confError(CONF + "server-ipv6 fd00:8::/48\n"));
    assertEquals(
        "server.conf:8: 'server-ipv6': 'fd00:8::1/64' has host bits set: did you mean"
            + " fd00:8::/64?",
        confError(CONF + "server-ipv6 fd00:8::1/64\n"));
    assertEquals(
        "server.conf:8: 'server-ipv6': '10.9.0.0/24' is not an IPv6 network",
        confError(CONF + "server-ipv6 10.9.0.0/24\n"));
    assertEquals(
        "server.conf:8: 'server-ipv6': 'fd00:8::' is not an IPv6 network in NET/BITS form (e.g."
            + " fd00:8::/64)",
        confError(CONF + "server-ipv6 fd00:8::\n"));
    // a /124 holds 14 pool addresses, the IPv4 /24 has 253 clients
    assertStarts(
        "server.conf:8: 'server-ipv6': an IPv6 /124 pool holds 14 client addresses, fewer than the"
            + " 253 of the IPv4 pool",
        confError(CONF + "server-ipv6 fd00:8::/124\n"));
    assertStarts(
        "server.conf:9: 'server-ipv6': the listen address fd00:8::5 lies inside",
        confError(CONF + "local fd00:8::5\nserver-ipv6 fd00:8::/64\n"));
  }

  @Test
  void ipv6NeedsAnMtuOf1280() {
    assertStarts(
        "server.conf: IPv6 in the tunnel (fd00:8::/64) needs a TUN mtu of at least 1280, got 1200",
        confError(CONF + "tun-mtu 1200\nserver-ipv6 fd00:8::/64\n"));
  }

  @Test
  void aPoolOfSlash120FitsASlash24() throws Exception {
    assertEquals(120, conf(CONF + "server-ipv6 fd00:8::/120\n").config().pool6().prefix());
  }

  @Test
  void otherIpv6DirectivesAreRefusedWithAHint() {
    assertTrue(
        confError(CONF + "ifconfig-ipv6-pool fd00:8::1000/64\n")
            .contains("unsupported directive 'ifconfig-ipv6-pool' (use 'server-ipv6 NET/BITS'"));
    assertTrue(
        confError(CONF + "route-ipv6 fd00:9::/64\n")
            .contains("p2sgate adds no routes on the gateway host; add them with 'ip -6 route'"));
    assertTrue(
        confError(CONF + "ifconfig-ipv6 fd00:8::1 fd00:8::2\n")
            .contains("use 'server-ipv6 NET/BITS'"));
  }

  @Test
  void yamlPool6AndIpv6PushRoutesAndDns() throws Exception {
    ServerConfig c =
        yaml(YAML
                + """
                    pool6: "fd00:8::/64"
                    push:
                      routes: [ 192.168.10.0/24, "fd00:10:0:0::/64", "fd00:11::1" ]
                      dns: [ "fd00:10::53" ]
                    """)
            .config();
    assertEquals("fd00:8::/64", c.pool6().toString());
    assertEquals(
        List.of(
            "route 192.168.10.0 255.255.255.0",
            "route-ipv6 fd00:10::/64",
            "route-ipv6 fd00:11::1/128",
            "dhcp-option DNS6 fd00:10::53"),
        c.push());
  }

  @Test
  void badYamlPool6NamesTheKeyAndPosition() {
    assertEquals(
        "gateway.yaml:3:8: pool6: the IPv6 network must be from /64 to /124 (as OpenVPN's"
            + " server-ipv6), got /56",
        yamlError(YAML + "pool6: \"fd00:8::/56\"\n"));
    String slash16 = YAML.replace("10.8.0.0/24", "10.8.0.0/16");
    assertStarts(
        "gateway.yaml:3:8: pool6: an IPv6 /113 pool holds 32766 client addresses, fewer than the"
            + " 65533 of the IPv4 pool",
        yamlError(slash16 + "pool6: \"fd00:8::/113\"\n"));
    assertDoesNotThrow(() -> yaml(slash16 + "pool6: \"fd00:8::/112\"\n"));
    assertStarts(
        "gateway.yaml:3:8: pool6: not supported with a sliced pool",
        yamlError(
            YAML.replace("10.8.0.0/24", "{ net: 10.8.0.0/16, slice: 1 }")
                + "pool6: \"fd00:8::/64\"\n"));
  }

  static void assertStarts(String prefix, String actual) {
    assertTrue(actual.startsWith(prefix), actual);
  }
}
