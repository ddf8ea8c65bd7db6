package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * tls-crypt-v2 with the real OpenVPN client (decision 27): a server key made by {@code p2sgate pki
 * tls-crypt-v2-server}, client keys made by {@code openvpn --genkey tls-crypt-v2-client} with it
 * and by {@code p2sgate pki tls-crypt-v2-client}, over UDP (stateless cookie, WKc resent) and TCP,
 * with traffic; a revoked client key refused before TLS; the 2.7 client too. Needs root, openvpn,
 * iperf3, socat and the 2.7 client.
 */
@Tag("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsCryptV2IT {
  Testbed bed;
  Path pki;
  Path serverKey;
  Path openvpnKey;
  Path ourKey;
  Path revokedKey;
  String revokedId;
  String ourKeyId;
  private final List<OpenVpnClient> started = new ArrayList<>();
  private final List<GatewayUnderTest> gateways = new ArrayList<>();

  @BeforeAll
  void setUp() throws Exception {
    bed = new Testbed(1);
    bed.startIperf(5201);
    bed.startEcho();
    pki = bed.dir.resolve("tc2-pki");
    Files.createDirectories(pki);
    String said = PkiProfileIT.cli("pki", "tls-crypt-v2-server", "--pki", pki.toString());
    serverKey = pki.resolve("tc2-server.key");
    assertTrue(said.contains(serverKey.toString()), said);
    assertTrue(Files.exists(pki.resolve("tc2-revoked.txt")), "an empty revoked list to edit");
    openvpnKey = bed.dir.resolve("openvpn-made-tc2.key");
    String metadata =
        Base64.getEncoder().encodeToString("made by openvpn".getBytes(StandardCharsets.UTF_8));
    Sh.run(
        "openvpn",
        "--tls-crypt-v2",
        serverKey.toString(),
        "--genkey",
        "tls-crypt-v2-client",
        openvpnKey.toString(),
        metadata);
    ourKeyId =
        keyId(PkiProfileIT.cli("pki", "tls-crypt-v2-client", "client01", "--pki", pki.toString()));
    ourKey = pki.resolve("clients/client01-tc2.key");
    revokedKey = bed.dir.resolve("revoked-tc2.key");
    String out =
        PkiProfileIT.cli(
            "pki",
            "tls-crypt-v2-client",
            "client01",
            "--pki",
            pki.toString(),
            "--out",
            revokedKey.toString());
    revokedId = keyId(out);
  }

  /** The key id {@code p2sgate pki tls-crypt-v2-client} printed. */
  static String keyId(String said) {
    Matcher m = Pattern.compile("add 'key=([0-9a-f]{8})'").matcher(said);
    assertTrue(m.find(), said);
    return m.group(1);
  }

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

  private OpenVpnClient client(ClientGeneration g, String proto, Path key) throws Exception {
    OpenVpnClient c =
        new OpenVpnClient(bed, 1, proto, "none", "client01", List.of("tls-crypt-v2 " + key))
            .generation(g);
    started.add(c);
    return c.start();
  }

  /** server.conf with only {@code tls-crypt-v2}: both kinds of key, traffic both ways. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"udp", "tcp"})
  void keysFromOpenvpnAndFromOurPkiConnectAndCarryTraffic(String proto) throws Exception {
    GatewayUnderTest gw =
        new GatewayUnderTest(
            bed, "tc2-" + proto, proto, "none", List.of("tls-crypt-v2 " + serverKey));
    gateways.add(gw);
    gw.start();
    try {
      OpenVpnClient a = client(ClientGeneration.V2_6, proto, openvpnKey).awaitUp();
      Traffic.iperfTcp(bed, a.tunnelIp, 5201, false);
      Traffic.iperfTcp(bed, a.tunnelIp, 5201, true);
      Traffic.echo(bed, a.tunnelIp, 1 << 20);
      a.stop();
      OpenVpnClient b = client(ClientGeneration.V2_6, proto, ourKey).awaitUp();
      Traffic.echo(bed, b.tunnelIp, 1 << 20);
      b.stop();
      OpenVpnClient c = client(ClientGeneration.V2_7, proto, ourKey).awaitUp();
      Traffic.echo(bed, c.tunnelIp, 256 << 10);
      c.stop();
    } finally {
      assertTrue(gw.stop(), "gateway must exit within 5 s of SIGTERM");
    }
    String log = gw.log();
    assertTrue(log.contains("tls-crypt-v2 key user:made by openvpn"), "metadata in the log");
    assertTrue(log.contains("tls-crypt-v2 key user:user=client01 key="), "ours too");
  }

  /** {@code p2sgate profile} puts a key of the user's own in the profile, which connects as is. */
  @org.junit.jupiter.api.Test
  void aProfileFromOurPkiCarriesItsOwnKeyAndConnectsUnchanged() throws Exception {
    Path operator = PkiProfileIT.initPki(bed.dir.resolve("tc2-operator-pki"));
    PkiProfileIT.cli("pki", "issue", "alice", "--pki", operator.toString());
    PkiProfileIT.cli("pki", "tls-crypt-v2-server", "--pki", operator.toString());
    Path yaml =
        PkiProfileIT.gatewayYaml(
            bed,
            operator,
            "tc2-profile",
            "profiles: { pki: " + operator + " }",
            "tls-crypt-v2: { server-key: " + operator + "/tc2-server.key }");
    Files.writeString(yaml, Files.readString(yaml).replaceFirst("(?m)^tls-crypt: .*\n", ""));
    GatewayUnderTest gw = GatewayUnderTest.yamlFile(bed, "tc2-profile", "udp", yaml);
    gateways.add(gw);
    gw.start();
    Process alice = null;
    try {
      PkiProfileIT.cli("profile", "alice", "--config", yaml.toString(), "--remote", Testbed.GW_IP);
      Path profile = bed.dir.resolve("clients/alice.ovpn");
      String text = Files.readString(profile);
      assertTrue(text.contains("<tls-crypt-v2>"), text);
      assertFalse(text.contains("<tls-crypt>"), "no shared key in the profile");
      alice = PkiProfileIT.connect(bed, profile, bed.dir.resolve("alice-tc2.log"));
      String ip = PkiProfileIT.tunnelAddress(bed);
      PkiProfileIT.assertPings(bed, ip);
      Traffic.echo(bed, ip, 256 << 10);
    } finally {
      if (alice != null) {
        assertTrue(Testbed.stop(alice, 5000));
      }
      assertTrue(gw.stop());
    }
    assertTrue(gw.log().contains("tls-crypt-v2 key user:user=alice key="), "alice's own key");
  }

  /** Renegotiations, started by the gateway and by the client, keep using the client's Kc. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"udp", "tcp"})
  void renegotiationKeepsTheClientsKey(String proto) throws Exception {
    GatewayUnderTest gw =
        new GatewayUnderTest(
            bed,
            "tc2-reneg-" + proto,
            proto,
            "none",
            List.of("tls-crypt-v2 " + serverKey, "reneg-sec 6"));
    gateways.add(gw);
    gw.start();
    try {
      OpenVpnClient byGateway = renegClient(proto, "reneg-sec 0").awaitUp();
      Traffic.iperfTcpSeconds(bed, byGateway.tunnelIp, 5201, false, 14);
      assertTrue(byGateway.ping(), "tunnel alive after renegotiations");
      byGateway.stop();
      OpenVpnClient byClient = renegClient(proto, "reneg-sec 5").awaitUp();
      Traffic.iperfTcpSeconds(bed, byClient.tunnelIp, 5201, true, 12);
      assertTrue(byClient.ping());
      byClient.stop();
    } finally {
      assertTrue(gw.stop());
    }
    String log = gw.log();
    assertTrue(count(log, "renegotiating data keys") >= 2, "gateway-initiated renegotiations");
    assertTrue(count(log, "client started renegotiation") >= 1, "client-initiated");
  }

  private OpenVpnClient renegClient(String proto, String reneg) throws Exception {
    OpenVpnClient c =
        new OpenVpnClient(
            bed, 1, proto, "none", "client01", List.of("tls-crypt-v2 " + ourKey, reneg));
    started.add(c);
    return c.start();
  }

  static int count(String text, String what) {
    return OpenVpnInteropIT.count(text, what);
  }

  /** A revoked client key (gateway.yaml tls-crypt-v2.revoked) gets no answer: no TLS at all. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"udp"})
  void aRevokedClientKeyIsRefusedBeforeTls(String proto) throws Exception {
    Path revoked = bed.dir.resolve("tc2-revoked.txt");
    Files.writeString(revoked, "# revoked tls-crypt-v2 keys\nkey=" + revokedId + "\n");
    GatewayUnderTest gw =
        GatewayUnderTest.yaml(
                bed,
                "tc2-revoked",
                proto,
                "tls-crypt-v2: { server-key: " + serverKey + ", revoked: " + revoked + " }")
            .editYaml(y -> y.replaceFirst("(?m)^tls-crypt: .*\n", ""));
    gateways.add(gw);
    gw.start();
    try {
      OpenVpnClient refused = client(ClientGeneration.V2_6, proto, revokedKey);
      Testbed.awaitLog(gw.log, "refused before TLS", gw.process, 20_000);
      Thread.sleep(2_000);
      assertFalse(refused.log().contains("Initialization Sequence Completed"));
      assertFalse(refused.log().contains("TLS: Initial packet"), "no reply reached the client");
      refused.stop();
      OpenVpnClient ok = client(ClientGeneration.V2_6, proto, ourKey).awaitUp();
      Traffic.echo(bed, ok.tunnelIp, 64 << 10);
      // revoking a connected client's key: a reload ends its session
      Files.writeString(revoked, "key=" + ourKeyId + "\n", java.nio.file.StandardOpenOption.APPEND);
      Sh.run("kill", "-HUP", Long.toString(gw.process.pid()));
      Testbed.awaitLog(ok.log, "AUTH_FAILED", ok.process, 15_000);
      ok.stop();
    } finally {
      assertTrue(gw.stop());
    }
    String log = gw.log();
    assertTrue(log.contains("the client key is revoked (key=" + revokedId + ")"), log);
    assertTrue(log.contains("tls-crypt-v2 client key is revoked (key=" + ourKeyId + ")"), log);
    assertEquals(-1, log.indexOf("-----BEGIN"), "no key material in the log");
  }
}
