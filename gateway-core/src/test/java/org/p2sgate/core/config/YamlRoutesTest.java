package org.p2sgate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2sgate.tun.route.Ipv4Prefix;

/** The {@code routes:} section of gateway.yaml. */
class YamlRoutesTest {
  @org.junit.jupiter.api.io.TempDir static java.nio.file.Path dir;

  @org.junit.jupiter.api.BeforeAll
  static void pki() throws Exception {
    org.p2sgate.core.pki.DemoPki.openOrCreate(dir.resolve("pki"));
  }

  static ServerConfig load(String text) throws ConfigException {
    return YamlConfigLoaderTest.load(dir, YamlConfigLoaderTest.MIN + text).config();
  }

  static String error(String text) {
    return YamlConfigLoaderTest.error(dir, YamlConfigLoaderTest.MIN + text);
  }

  @Test
  void staticRoutesAndAKernelTable() throws Exception {
    ServerConfig c =
        load(
            """
            routes:
              static: [ 192.168.10.0/24 ]
              from-kernel: { table: 100, include: [ 10.0.0.0/8 ], exclude: [ 10.9.0.0/16 ], max: 50 }
              on-change: reconnect
              reconnect-per-second: 3
            """);
    assertEquals(List.of("route 192.168.10.0 255.255.255.0"), c.push());
    RouteSettings r = c.routes();
    assertEquals(100, r.table());
    assertEquals(List.of(new Ipv4Prefix(0x0a000000, 8)), r.include());
    assertEquals(List.of(new Ipv4Prefix(0x0a090000, 16)), r.exclude());
    assertEquals(50, r.max());
    assertEquals(RouteSettings.OnChange.RECONNECT, r.onChange());
    assertEquals(3, r.reconnectPerSecond());
  }

  @Test
  void defaults() throws Exception {
    RouteSettings r =
        load("routes: { from-kernel: { table: 7, include: [ 0.0.0.0/0 ] } }\n").routes();
    assertEquals(RouteSettings.DEFAULT_MAX, r.max());
    assertEquals(RouteSettings.OnChange.KEEP, r.onChange());
    assertNull(load("routes: { static: [ 10.1.0.0/16 ] }\n").routes());
  }

  @Test
  void clearErrors() {
    assertTrue(
        error("routes: { from-kernel: { include: [ 10.0.0.0/8 ] } }\n").contains("table"),
        error("routes: { from-kernel: { include: [ 10.0.0.0/8 ] } }\n"));
    assertTrue(error("routes: { from-kernel: { table: 100 } }\n").contains("include: ["));
    String hostBits = error("routes: { from-kernel: { table: 100, include: [ 10.0.0.1/8 ] } }\n");
    assertTrue(hostBits.contains("gateway.yaml:3:") && hostBits.contains("host bits"), hostBits);
    assertTrue(
        error("routes: { from-kernel: { table: 100, include: [ 10.0.0.0/8 ] }, on-change: x }\n")
            .contains("must be keep or reconnect"));
    assertTrue(error("routes: { on-change: reconnect }\n").contains("from-kernel"));
    assertTrue(
        error("routes: { from-kernel: { table: 255, include: [ 10.0.0.0/8 ] } }\n")
            .contains("local table"));
    assertTrue(error("routes: { dynamic: [ ] }\n").contains("unknown key 'dynamic'"));
    assertTrue(
        error("routes: { from-kernel: { table: 100, include: [ 10.0.0.0/8 ], max: 0 } }\n")
            .contains("max"));
  }
}
