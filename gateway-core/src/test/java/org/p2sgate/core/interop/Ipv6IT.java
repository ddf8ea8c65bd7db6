package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * IPv6 inside and outside the tunnel with the real openvpn client (decision 0031), in namespaces
 * with IPv6 turned on ({@link Testbed#enableIpv6}): the client connects to the gateway's IPv6
 * address over udp6 or tcp6, gets its {@code ifconfig-ipv6} and {@code route-ipv6}, pings, runs
 * iperf3 and a byte-exact echo to the private host over IPv6, and IPv4 keeps working in the same
 * tunnel; a source address that is not the client's is dropped and counted.
 */
@Tag("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Ipv6IT {
  /** The first client address of {@link Testbed#POOL6}: NET+0x1000, as the reference's. */
  static final String FIRST6 = "fd00:8::1000";

  Testbed bed;
  private final List<OpenVpnClient> started = new ArrayList<>();
  private final List<GatewayUnderTest> gateways = new ArrayList<>();

  @BeforeAll
  void setUp() throws Exception {
    bed = new Testbed(3);
    bed.enableIpv6();
    bed.startIperf(5201);
    bed.startIperf6(5211);
    bed.startEcho();
    bed.startEcho6();
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

  /**
   * gateway.yaml with {@code pool6}, IPv6 routes and DNS pushed, listening on udp6 only: IPv6
   * traffic both ways, IPv4 alongside, the admin API's view, and a spoofed IPv6 source counted.
   */
  @Test
  void udp6WithYaml() throws Exception {
    Path token = bed.dir.resolve("admin.token");
    GatewayUnderTest gw =
        GatewayUnderTest.yaml(
                bed,
                "udp6",
                "udp",
                "\"" + Testbed.GW_IP6 + "\"",
                "pool6: \""
                    + Testbed.POOL6
                    + "\"\nadmin: { listen: 127.0.0.1:9194, token-file: "
                    + token
                    + " }")
            .editYaml(
                y ->
                    y.replace(
                        "push: { routes: [ 198.18.1.0/24 ] }",
                        "push: { routes: [ 198.18.1.0/24, \"fd00:18:1::/64\" ],"
                            + " dns: [ \"fd00:18:1::53\" ] }"));
    gateways.add(gw);
    gw.start();
    OpenVpnClient c = client(ClientGeneration.V2_6, 1, "udp6", "explicit-exit-notify 1").awaitUp();
    String pushed = c.log();
    assertTrue(pushed.contains("ifconfig-ipv6 " + FIRST6 + "/64 fd00:8::1"), pushed);
    assertTrue(pushed.contains("route-ipv6 fd00:18:1::/64"), pushed);
    assertTrue(pushed.contains("dhcp-option DNS6 fd00:18:1::53"), pushed);
    assertInsideTunnel(c);
    Traffic.iperfTcpTo(bed, Testbed.PRIVATE_HOST6, FIRST6, 5211, false, 3, 1_000_000, 20);
    Traffic.iperfTcpTo(bed, Testbed.PRIVATE_HOST6, FIRST6, 5211, true, 3, 1_000_000, 20);
    Traffic.echoTo(bed, Testbed.PRIVATE_HOST6, FIRST6, 256 << 10, 10);
    Traffic.echo(bed, c.tunnelIp, 64 << 10); // IPv4 in the same tunnel
    Traffic.iperfTcp(bed, c.tunnelIp, 5201, false);

    String bearer = "Authorization: Bearer " + Files.readString(token).strip();
    String sessions =
        Sh.ns(
            bed.gateway,
            "curl",
            "-fsS",
            "-H",
            bearer,
            "http://127.0.0.1:9194/api/v1/sessions?address=" + FIRST6);
    assertTrue(sessions.contains("\"tunnelAddress6\":\"" + FIRST6 + "\""), sessions);
    assertTrue(sessions.contains("\"realAddress\":\"[" + Testbed.CLIENT_IP6 + "]:"), sessions);

    // a source the client does not hold: added to its tun, it routes into the tunnel
    long before = drops("spoofed_source");
    Sh.ns(bed.client, "ip", "-6", "addr", "add", "fd00:8::2000/128", "dev", c.dev, "nodad");
    assertFalse(ping6(c, "fd00:8::2000"), "a spoofed IPv6 source must not get through");
    long after = drops("spoofed_source");
    assertTrue(after >= before + 2, "spoofed_source drops " + before + " -> " + after);
    assertTrue(ping6(c, FIRST6), "the client's own address still works");
  }

  /** server.conf with {@code server-ipv6}, over tcp6 to the gateway's IPv6 address. */
  @Test
  void tcp6WithServerConf() throws Exception {
    GatewayUnderTest gw =
        new GatewayUnderTest(
            bed,
            "tcp6",
            "tcp",
            "tls-crypt",
            List.of(
                "proto tcp6-server",
                "local " + Testbed.GW_IP6,
                "server-ipv6 " + Testbed.POOL6,
                "push \"route-ipv6 fd00:18:1::/64\"",
                "push \"dhcp-option DNS6 fd00:18:1::53\""));
    gateways.add(gw);
    gw.start();
    OpenVpnClient c = client(ClientGeneration.V2_6, 2, "tcp6-client").awaitUp();
    assertTrue(c.log().contains("ifconfig-ipv6 " + FIRST6 + "/64 fd00:8::1"), c.log());
    assertInsideTunnel(c);
    Traffic.iperfTcpTo(bed, Testbed.PRIVATE_HOST6, FIRST6, 5211, false, 3, 1_000_000, 20);
    Traffic.echoTo(bed, Testbed.PRIVATE_HOST6, FIRST6, 256 << 10, 10);
    Traffic.echo(bed, c.tunnelIp, 64 << 10);
  }

  /**
   * The 2.7.6 client over udp6 with server-ipv6, to a gateway on {@code ::} (no {@code local}): its
   * address, routes, ping and echo; then a 2.6 client over IPv4 to the same socket (dual stack)
   * gets the next pair of addresses.
   */
  @Test
  void client27OverUdp6AndIpv4OnTheSameSocket() throws Exception {
    GatewayUnderTest gw =
        new GatewayUnderTest(
            bed,
            "udp6-27",
            "udp",
            "tls-crypt",
            List.of(
                "proto udp6",
                "server-ipv6 " + Testbed.POOL6,
                "push \"route-ipv6 fd00:18:1::/64\""));
    List<String> lines = new ArrayList<>(Files.readAllLines(gw.conf));
    assertTrue(lines.remove("local " + Testbed.GW_IP), lines.toString());
    gw.conf(lines);
    gateways.add(gw);
    gw.start();
    OpenVpnClient c = client(ClientGeneration.V2_7, 3, "udp6").awaitUp();
    assertInsideTunnel(c);
    Traffic.echoTo(bed, Testbed.PRIVATE_HOST6, FIRST6, 256 << 10, 10);
    c.stop(); // its routes would take the second client's traffic (one client namespace)

    OpenVpnClient v4 = new OpenVpnClient(bed, 2, "udp", "tls-crypt", "client02", List.of()).start();
    started.add(v4);
    v4.awaitUp();
    String pushed = v4.log();
    assertTrue(pushed.contains("ifconfig-ipv6 fd00:8::1001/64 fd00:8::1"), pushed);
  }

  private OpenVpnClient client(ClientGeneration g, int idx, String proto, String... extra)
      throws Exception {
    OpenVpnClient c =
        new OpenVpnClient(
                bed, idx, proto, "tls-crypt", String.format("client%02d", idx), List.of(extra))
            .remote(Testbed.GW_IP6)
            .generation(g);
    started.add(c);
    return c.start();
  }

  /** The client's IPv6 address and pushed route on its tun, and a ping over IPv6. */
  private void assertInsideTunnel(OpenVpnClient c) throws Exception {
    String addr = Sh.ns(bed.client, "ip", "-6", "-o", "addr", "show", "dev", c.dev);
    assertTrue(addr.contains(FIRST6 + "/64"), addr);
    String routes = Sh.ns(bed.client, "ip", "-6", "route", "show", "dev", c.dev);
    assertTrue(routes.contains("fd00:18:1::/64"), routes);
    assertTrue(ping6(c, FIRST6), "no IPv6 ping through the tunnel:\n" + Testbed.tail(c.log, 30));
  }

  /** Pings the private host over IPv6 from {@code source}: whether one of 3 tries answered. */
  private boolean ping6(OpenVpnClient c, String source) {
    return Sh.tryNs(
            bed.client,
            "ping",
            "-6",
            "-n",
            "-c",
            "3",
            "-i",
            "0.3",
            "-W",
            "1",
            "-I",
            source,
            Testbed.PRIVATE_HOST6)
        .output()
        .matches("(?s).*[1-3] received.*");
  }

  /** The gateway's drop counter for {@code reason}, from /metrics. */
  private long drops(String reason) {
    String metrics = Sh.ns(bed.gateway, "curl", "-fsS", "http://127.0.0.1:9194/metrics");
    Matcher m =
        Pattern.compile(
                "p2sgate_drops_total\\{reason=\"" + reason + "\"\\} ([0-9.eE+]+)", Pattern.DOTALL)
            .matcher(metrics);
    assertTrue(m.find(), "no drop counter for " + reason + " in:\n" + metrics);
    return (long) Double.parseDouble(m.group(1));
  }
}
