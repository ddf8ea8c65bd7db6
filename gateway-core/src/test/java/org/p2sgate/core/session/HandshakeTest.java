package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.p2sgate.core.config.TlsWrapConfig;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;
import org.p2sgate.tun.testing.Packets;

/**
 * The whole first connection of a 2.6 client, for each control-channel wrap and each data cipher:
 * reset exchange, TLS, key method 2, PUSH_REPLY, then one IP packet each way, byte-exact.
 */
class HandshakeTest {
  static Stream<Arguments> wrapsAndCiphers() {
    return Stream.of(TlsWrapConfig.Mode.values())
        .flatMap(
            w ->
                Stream.of("AES-256-GCM", "AES-128-GCM", "CHACHA20-POLY1305")
                    .map(c -> Arguments.of(w, c)));
  }

  @ParameterizedTest(name = "UDP, {0}, {1}")
  @MethodSource("wrapsAndCiphers")
  void udpHandshakePushAndData(TlsWrapConfig.Mode wrap, String cipher) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 7).build();
    TestPeer peer = TestPeer.udp("198.18.0.2", 41000);
    TestOpenVpnClient c = gw.establish(peer, gw.clientConfig("alice").withCiphers(cipher));

    assertPushReply(c, cipher);
    assertEquals("tls-ekm", c.keyDerivation());
    assertEquals(1, gw.sessions.sessionCount());
    ClientSession s = gw.sessions.sessions().get(0);
    assertEquals("alice", s.commonName());
    assertEquals(0, s.peerId());
    assertEquals("10.8.0.2", s.tunnelAddress().getHostAddress());
    assertEquals(cipher, s.negotiated().cipher());

    assertDataBothWays(gw, c);
    assertEquals(Map.of(), gw.drops().snapshot(), "gateway drops");
    assertTrue(c.controlDrops().isEmpty(), "client control drops " + c.controlDrops());
    assertTrue(c.dataDrops().isEmpty(), "client data drops " + c.dataDrops());
  }

  @ParameterizedTest(name = "TCP, {0}")
  @MethodSource("wraps")
  void tcpHandshakePushAndData(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 8).build();
    TestPeer peer = TestPeer.tcp("198.18.0.3", 50000);
    TestOpenVpnClient c = gw.establish(peer, gw.clientConfig("bob"));
    assertPushReply(c, "AES-256-GCM");
    assertDataBothWays(gw, c);
    assertTrue(
        c.serverOptions().contains("proto TCPv4_SERVER"), "server options " + c.serverOptions());
  }

  static Stream<TlsWrapConfig.Mode> wraps() {
    return Stream.of(TlsWrapConfig.Mode.values());
  }

  @ParameterizedTest(name = "TLS 1.2 client, {0}")
  @MethodSource("wraps")
  void tls12ClientGetsTheSameTunnel(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 9).build();
    TestOpenVpnClient c =
        gw.establish(
            TestPeer.udp("198.18.0.4", 41001), gw.clientConfig("carol").withTls12Only(true));
    assertEquals("TLS 1.2", c.tlsVersion());
    assertEquals("tls-ekm", c.keyDerivation());
    assertDataBothWays(gw, c);
  }

  @ParameterizedTest(name = "tls-auth {0}, server key-direction {1}")
  @CsvSource({"SHA1,0", "SHA256,0", "SHA512,0", "SHA1,-1", "SHA256,1"})
  void tlsAuthDigestsAndDirections(String digest, int direction) {
    TlsWrapConfig wrap =
        new TlsWrapConfig(
            TlsWrapConfig.Mode.TLS_AUTH, TestGateway.staticKey(10), direction, digest);
    TestGateway gw = TestGateway.builder().wrap(wrap).build();
    TestOpenVpnClient c = gw.establish(TestPeer.udp("198.18.0.5", 41002), gw.clientConfig("dan"));
    assertPushReply(c, "AES-256-GCM");
    assertDataBothWays(gw, c);
  }

  /**
   * Every packet the gateway sends fits the reference's 1250-byte datagram target (wire doc 2.4): a
   * UDP payload of at most 1222 bytes over IPv4, and with tls-crypt at most 1206 (56 bytes are
   * budgeted for a 40-byte overhead), also when a long certificate chain spans several packets. A
   * long push list is split into several PUSH_REPLY messages of at most 1024 bytes with
   * push-continuation, and the client gets every option.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("wraps")
  void packetsFitTheSizeTargetAndLongPushesAreSplit(TlsWrapConfig.Mode wrap) {
    List<String> routes = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      routes.add("route 10." + (100 + i / 4) + "." + (i % 4 * 64) + ".0 255.255.192.0");
    }
    TestGateway gw =
        TestGateway.builder().wrap(wrap, 12).push(routes).serverCertDnsNames(80).build();
    int[] largest = new int[1];
    gw.tapGateway((p, b) -> largest[0] = Math.max(largest[0], b.length));
    TestOpenVpnClient c = gw.establish(TestPeer.udp("198.18.0.6", 41003), gw.clientConfig("eve"));
    int limit = wrap == TlsWrapConfig.Mode.TLS_CRYPT ? 1206 : 1222;
    assertTrue(largest[0] <= limit, "largest gateway packet " + largest[0] + " > " + limit);
    assertTrue(
        largest[0] > limit - 60, "the certificate flight should fill packets: " + largest[0]);
    List<String> pushes =
        c.controlMessages().stream().filter(m -> m.startsWith("PUSH_REPLY")).toList();
    assertTrue(pushes.size() >= 2, "expected a split push, got " + pushes.size());
    for (int i = 0; i < pushes.size(); i++) {
      assertTrue(pushes.get(i).length() < 1024, "push message " + i + " too long");
      assertTrue(
          pushes
              .get(i)
              .endsWith(i < pushes.size() - 1 ? "push-continuation 2" : "push-continuation 1"),
          pushes.get(i));
    }
    assertTrue(c.pushOptions().containsAll(routes), "routes lost in the split");
    assertPushReply(c, "AES-256-GCM");
    assertDataBothWays(gw, c);
  }

  /** The options wire doc 9.4 and 12.1 (point 9) require, and the server's key-method-2 message. */
  static void assertPushReply(TestOpenVpnClient c, String cipher) {
    assertNull(c.failure());
    assertNull(c.authFailed());
    List<String> o = c.pushOptions();
    assertTrue(o.contains("ifconfig 10.8.0.2 255.255.255.0"), o.toString());
    assertTrue(o.contains("peer-id 0"), o.toString());
    assertTrue(o.contains("cipher " + cipher), o.toString());
    assertTrue(o.contains("protocol-flags cc-exit tls-ekm"), o.toString());
    assertTrue(o.contains("route-gateway 10.8.0.1"), o.toString());
    assertTrue(o.contains("topology subnet"), o.toString());
    assertTrue(o.contains("ping 10"), o.toString());
    assertTrue(o.contains("ping-restart 60"), o.toString());
    assertTrue(o.contains("tun-mtu 1500"), o.toString());
    // 4 + 1 + 32 + 32 + (2 + options + NUL) + 3 empty strings of u16 0 (wire doc 5.3)
    assertEquals(
        4 + 1 + 64 + 2 + c.serverOptions().length() + 1 + 6,
        c.serverKeyMethodLength(),
        "server key-method-2 length");
    assertTrue(c.serverOptions().endsWith(",key-method 2,tls-server"), c.serverOptions());
  }

  /** One UDP packet client → TUN and one TUN → client, compared byte for byte. */
  static void assertDataBothWays(TestGateway gw, TestOpenVpnClient c) {
    gw.out.takeTun();
    byte[] up =
        Packets.udp4(
            TestGateway.ip("10.8.0.2"),
            5353,
            TestGateway.ip("10.99.0.5"),
            53,
            "hello from the client".getBytes(StandardCharsets.US_ASCII));
    c.sendIp(up, gw.now());
    gw.exchange();
    List<byte[]> tun = gw.out.takeTun();
    assertEquals(1, tun.size(), "packets on TUN");
    assertArrayEquals(up, tun.get(0));

    byte[] down =
        Packets.udp4(
            TestGateway.ip("10.99.0.5"),
            53,
            TestGateway.ip("10.8.0.2"),
            5353,
            "hello from behind the gateway".getBytes(StandardCharsets.US_ASCII));
    fromTun(gw, down);
    List<byte[]> got = c.takeReceivedIp();
    assertEquals(1, got.size(), "packets at the client");
    assertArrayEquals(down, got.get(0));
  }

  /** Puts {@code ip} into a TUN-sized buffer with the TUN reader's 32/16 head/tailroom. */
  static void fromTun(TestGateway gw, byte[] ip) {
    byte[] buf = new byte[32 + ip.length + 16];
    System.arraycopy(ip, 0, buf, 32, ip.length);
    gw.fromTun(buf, 32, ip.length);
    gw.exchange();
  }
}
