package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real openvpn client against our gateway, in namespaces this test builds: Debian's 2.6 in
 * every case, and the 2.7.6 build in the core cases (each transport, wrap and cipher, and
 * renegotiation; decision 0025). Needs root, openvpn, iperf3, socat and the 2.7 client (installed
 * and built by scripts/test.sh).
 */
@Tag("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenVpnInteropIT {
  static final List<String> CIPHERS = List.of("AES-256-GCM", "AES-128-GCM", "CHACHA20-POLY1305");
  Testbed bed;
  private final List<OpenVpnClient> started = new ArrayList<>();
  private final List<GatewayUnderTest> gateways = new ArrayList<>();

  @BeforeAll
  void setUp() throws Exception {
    bed = new Testbed(4);
    for (int port = 5201; port <= 5204; port++) {
      bed.startIperf(port);
    }
    bed.startEcho();
  }

  /** Whatever a failed test left running must not leak into the next test. */
  @AfterEach
  void stopEverything() {
    started.forEach(OpenVpnClient::stop);
    started.clear();
    gateways.forEach(GatewayUnderTest::stop);
    gateways.clear();
  }

  @AfterAll
  void tearDown() {
    if (bed != null) {
      bed.close();
    }
  }

  private GatewayUnderTest gateway(String name, String proto, String wrap, String... extra)
      throws Exception {
    GatewayUnderTest gw = new GatewayUnderTest(bed, name, proto, wrap, List.of(extra));
    gateways.add(gw);
    return gw.start();
  }

  private OpenVpnClient client(int idx, String proto, String wrap, String... extra)
      throws Exception {
    return client(ClientGeneration.V2_6, idx, proto, wrap, extra);
  }

  private OpenVpnClient client(
      ClientGeneration generation, int idx, String proto, String wrap, String... extra)
      throws Exception {
    OpenVpnClient c =
        new OpenVpnClient(bed, idx, proto, wrap, String.format("client%02d", idx), List.of(extra))
            .generation(generation);
    started.add(c);
    return c.start();
  }

  /** The core transports for both client generations; without a wrap, 2.6 only. */
  static Stream<Arguments> everyTransport() {
    List<Arguments> cases = new ArrayList<>();
    for (ClientGeneration generation : ClientGeneration.values()) {
      for (String proto : List.of("udp", "tcp")) {
        for (String wrap : List.of("tls-crypt", "tls-auth")) {
          cases.add(Arguments.of(generation, proto, wrap));
        }
      }
    }
    cases.add(Arguments.of(ClientGeneration.V2_6, "udp", "none"));
    return cases.stream();
  }

  /** One connection per cipher, each with a short byte-exact echo through the tunnel. */
  @ParameterizedTest(name = "{0}, {1}, {2}, every cipher")
  @MethodSource("everyTransport")
  void everyCipher(ClientGeneration generation, String proto, String wrap) throws Exception {
    GatewayUnderTest gw = gateway(proto + "-" + wrap + "-" + generation.name(), proto, wrap);
    try {
      for (String cipher : CIPHERS) {
        OpenVpnClient c = client(generation, 1, proto, wrap, "data-ciphers " + cipher).awaitUp();
        assertTrue(c.log().contains("Data Channel: cipher '" + cipher + "'"), c.log());
        Traffic.echo(bed, c.tunnelIp, 64 << 10);
        c.stop();
      }
    } finally {
      assertTrue(gw.stop(), "gateway must exit within 5 s of SIGTERM");
    }
    String log = gw.log();
    assertTrue(log.contains("tls-ekm keys"), "both generations get tls-ekm keys");
    assertEquals(CIPHERS.size(), count(log, generation.inGatewayLog), "the peer's version");
    // the shipped jar on this JDK (25) seals and opens with OpenSSL through FFM (decision 34)
    assertTrue(log.contains("data channel AEAD: OpenSSL 3"), log);
  }

  @Test
  void tcpTrafficBothWaysAndByteExactEcho() throws Exception {
    GatewayUnderTest gw = gateway("tcp", "tcp", "tls-crypt");
    try {
      OpenVpnClient c = client(1, "tcp", "tls-crypt", "data-ciphers AES-256-GCM").awaitUp();
      assertTrue(c.log().contains("Data Channel: cipher 'AES-256-GCM'"));
      Traffic.iperfTcp(bed, c.tunnelIp, 5201, false);
      Traffic.iperfTcp(bed, c.tunnelIp, 5201, true);
      Traffic.echo(bed, c.tunnelIp, 4 << 20);
      c.stop();
    } finally {
      assertTrue(gw.stop());
    }
  }

  @Test
  void udpTrafficBothWaysAndByteExactEcho() throws Exception {
    GatewayUnderTest gw = gateway("udp-traffic", "udp", "tls-crypt");
    try {
      OpenVpnClient c = client(1, "udp", "tls-crypt").awaitUp();
      Traffic.iperfTcp(bed, c.tunnelIp, 5201, false);
      Traffic.iperfTcp(bed, c.tunnelIp, 5201, true);
      Traffic.iperfUdp(bed, c.tunnelIp, 5201, false);
      Traffic.iperfUdp(bed, c.tunnelIp, 5201, true);
      Traffic.echo(bed, c.tunnelIp, 4 << 20);
      // the coalesced TCP segments (GSO writes to the TUN) left with correct checksums
      assertEquals(0, bed.privateHostChecksumErrors(), "TCP checksum errors at the private host");
      c.stop();
    } finally {
      assertTrue(gw.stop());
    }
  }

  @Test
  void legacyAndUnusualClients() throws Exception {
    GatewayUnderTest gw = gateway("legacy", "udp", "tls-crypt");
    try {
      OpenVpnClient lzo = client(1, "udp", "tls-crypt", "comp-lzo").awaitUp();
      Traffic.echo(bed, lzo.tunnelIp, 1 << 20);
      lzo.stop();
      OpenVpnClient plain = client(1, "udp", "tls-crypt").awaitUp();
      assertTrue(plain.log().contains("Data Channel: cipher 'AES-256-GCM'"));
      plain.stop();
      OpenVpnClient old = client(1, "udp", "tls-crypt", "compat-mode 2.4.0").awaitUp();
      Traffic.echo(bed, old.tunnelIp, 1 << 20);
      old.stop();
    } finally {
      assertTrue(gw.stop());
    }
  }

  /**
   * A 2.6 client offers tls-ekm even with --compat-mode 2.4.0 (ssl.c sets IV_PROTO_TLS_KEY_EXPORT
   * unconditionally), so the legacy PRF path is exercised by a gateway that declines tls-ekm: the
   * real client then derives PRF keys too, and traffic only flows if both sides agree.
   */
  @Test
  void legacyPrfKeysWithTheRealClient() throws Exception {
    GatewayUnderTest gw = GatewayUnderTest.yaml(bed, "prf", "udp", "key-derivation: prf");
    gateways.add(gw);
    gw.start();
    OpenVpnClient c = client(1, "udp", "tls-crypt", "compat-mode 2.4.0").awaitUp();
    assertFalse(c.log().contains("protocol-flags cc-exit tls-ekm"), "no tls-ekm pushed");
    Traffic.echo(bed, c.tunnelIp, 1 << 20);
    c.stop();
    assertTrue(gw.stop());
    assertTrue(gw.log().contains("PRF keys"), gw.log());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ClientGeneration.class)
  void renegotiationKeepsTrafficFlowing(ClientGeneration generation) throws Exception {
    GatewayUnderTest gw = gateway("reneg-" + generation.name(), "udp", "tls-crypt", "reneg-sec 6");
    try {
      OpenVpnClient c = client(generation, 1, "udp", "tls-crypt", "reneg-sec 0").awaitUp();
      Traffic.iperfTcpSeconds(bed, c.tunnelIp, 5201, false, 16);
      assertTrue(c.ping(), "tunnel alive after renegotiations");
      c.stop();
      // the client initiates this time
      OpenVpnClient c2 = client(generation, 2, "udp", "tls-crypt", "reneg-sec 5").awaitUp();
      Traffic.iperfTcpSeconds(bed, c2.tunnelIp, 5201, true, 12);
      assertTrue(c2.ping());
      c2.stop();
    } finally {
      assertTrue(gw.stop());
    }
    String log = gw.log();
    assertEquals(2, count(log, generation.inGatewayLog), "the peer's version");
    assertTrue(count(log, "renegotiating data keys") >= 2, "server-initiated renegotiations");
    assertTrue(count(log, "client started renegotiation") >= 1, "client-initiated renegotiation");
  }

  @Test
  void threeClientsAtOnceEachWithItsOwnAddress() throws Exception {
    GatewayUnderTest gw = gateway("multi", "udp", "tls-crypt");
    List<OpenVpnClient> clients = new ArrayList<>();
    try {
      for (int i = 1; i <= 3; i++) {
        clients.add(client(i, "udp", "tls-crypt", "route-noexec"));
      }
      Set<String> ips = new HashSet<>();
      for (OpenVpnClient c : clients) {
        c.awaitUp();
        ips.add(c.tunnelIp);
      }
      assertEquals(3, ips.size(), "distinct addresses: " + ips);
      for (int i = 0; i < 3; i++) {
        Traffic.iperfTcpSeconds(bed, clients.get(i).tunnelIp, 5202 + i, i % 2 == 1, 2);
      }
      for (OpenVpnClient c : clients) {
        c.stop();
      }
    } finally {
      assertTrue(gw.stop());
    }
  }

  @Test
  void clientFromAnotherCaIsRefusedAndLogged() throws Exception {
    GatewayUnderTest gw = gateway("foreign", "udp", "tls-crypt");
    try {
      OpenVpnClient c = new OpenVpnClient(bed, 1, "udp", "tls-crypt", "foreign-client", List.of());
      started.add(c);
      c.start();
      Testbed.awaitLog(gw.log, "not issued by a trusted CA", gw.process, 20_000);
      assertFalse(c.log().contains("Initialization Sequence Completed"));
      c.stop();
    } finally {
      assertTrue(gw.stop());
    }
    assertTrue(gw.log().contains("foreign-client"), "the refusal names the certificate");
  }

  @ParameterizedTest(name = "{0}: session and address released after disconnect")
  @ValueSource(strings = {"udp", "tcp"})
  void sessionAndAddressReleasedAfterDisconnect(String proto) throws Exception {
    GatewayUnderTest gw = gateway("release-" + proto, proto, "tls-crypt");
    try {
      OpenVpnClient a = client(1, proto, "tls-crypt", "route-noexec").awaitUp();
      String first = a.tunnelIp;
      a.stop();
      Testbed.awaitLog(gw.log, "session closed", gw.process, 10_000);
      OpenVpnClient b = client(2, proto, "tls-crypt", "route-noexec").awaitUp();
      assertNotEquals(first, b.tunnelIp, "a newcomer does not get an address someone had");
      OpenVpnClient again = client(1, proto, "tls-crypt", "route-noexec").awaitUp();
      assertEquals(first, again.tunnelIp, "released, and sticky: client01 gets its address back");
      b.stop();
      again.stop();
    } finally {
      assertTrue(gw.stop());
    }
  }

  @Test
  void sigtermTellsClientsToReconnectAndRemovesTun() throws Exception {
    GatewayUnderTest gw = gateway("sigterm", "udp", "tls-crypt");
    OpenVpnClient c = client(1, "udp", "tls-crypt").awaitUp();
    assertTrue(gw.stop(), "exit within 5 s");
    // how a 2.6 client logs the RESTART control message
    Testbed.awaitLog(c.log, "Connection reset command was pushed by server", c.process, 5000);
    assertFalse(
        Sh.tryNs(bed.gateway, "ip", "link", "show", "tun-gw").exit() == 0, "TUN device removed");
    c.stop();
  }

  /**
   * Revoking a connected client's certificate (adding its SHA-256 thumbprint to the list the
   * gateway watches) ends that live session within 5 s: the real client gets AUTH_FAILED.
   */
  @Test
  void revokingALiveClientsCertificateEndsItsSession() throws Exception {
    Path list = bed.dir.resolve("revoked.txt");
    Files.writeString(list, "# revoked client certificates, SHA-1 or SHA-256\n");
    GatewayUnderTest gw =
        GatewayUnderTest.yaml(
            bed, "revoke", "udp", "revocation: { thumbprints: [ " + list + " ] }");
    gateways.add(gw);
    gw.start();
    OpenVpnClient c = client(1, "udp", "tls-crypt").awaitUp();
    String fp = bed.pki.thumbprint("client01.crt");
    long t0 = System.currentTimeMillis();
    Files.writeString(list, fp + "\n", java.nio.file.StandardOpenOption.APPEND);
    Testbed.awaitLog(c.log, "AUTH_FAILED", null, 5_000);
    long took = System.currentTimeMillis() - t0;
    assertTrue(took <= 5_000, "ended after " + took + " ms");
    assertTrue(gw.log().contains("certificate revoked"), gw.log());
    // and it cannot come back
    OpenVpnClient again = client(1, "udp", "tls-crypt");
    Testbed.awaitLog(gw.log, "revoked (thumbprint list)", gw.process, 20_000);
    assertFalse(again.log().contains("Initialization Sequence Completed"));
  }

  static int count(String text, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(42).nextBytes(b);
    return b;
  }

  static void writeRandom(Path p, int n) throws Exception {
    Files.write(p, randomBytes(n));
  }

  static void assertSame(Path a, Path b) throws Exception {
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "echo must be byte-exact");
  }
}
