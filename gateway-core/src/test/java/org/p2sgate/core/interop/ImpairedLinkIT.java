package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real openvpn 2.6 client over an impaired link (5 % loss, 100 ms delay with jitter, 5 %
 * reordering, each way; see {@link ImpairedRelay}), renegotiating every 10 s ({@code reneg-sec 10}
 * on the client) while traffic runs: first against our gateway, where the handshake, at least two
 * renegotiations, iperf3, a byte-exact echo, no "keys are out of sync" on the client and no
 * "internal error" on the gateway are asserted; then against the real openvpn 2.6 server on the
 * same link with the same client, for comparison (only that it connects is asserted; its counts are
 * printed).
 */
@Tag("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImpairedLinkIT {
  static final ImpairedRelay.Impairment LINK =
      new ImpairedRelay.Impairment(0.05, 100, 10, 0.05, 1000, 0x5EED_2026L);
  static final String OUT_OF_SYNC = "TLS Error: local/remote TLS keys are out of sync";
  static final String CONNECTED = "Initialization Sequence Completed";

  /** One line per TLS handshake of the client, the first one and each renegotiation. */
  static final String HANDSHAKE = "Control Channel: TLS";

  /** The client starting a renegotiation because reneg-sec has passed. */
  static final String SOFT_RESET = "TLS: soft reset";

  static final int IPERF_SECS = 12;
  static final long IPERF_MIN_BYTES = 100_000;
  static final int ECHO_BYTES = 256 << 10;
  static final int ECHO_DRAIN_SECS = 40;
  static final long RENEG_DEADLINE_MS = 45_000;

  Testbed bed;
  ImpairedRelay.Handle relay;
  private GatewayUnderTest gw;
  private Process realServer;
  private OpenVpnClient client;
  private final List<String> summary = new ArrayList<>();

  @BeforeAll
  void setUp() throws Exception {
    bed = new Testbed(1, true);
    bed.startIperf(5201);
    bed.startEcho();
    relay = ImpairedRelay.start(bed, LINK, 900);
    // the bare impaired path, as a yardstick: about 10 % of the pings lost, RTT about 200 ms
    String ping =
        Sh.tryNs(bed.client, "ping", "-n", "-q", "-c", "30", "-i", "0.1", "-W", "2", Testbed.GW_IP)
            .output();
    System.out.println("impaired link (" + LINK + "):\n" + ping.strip());
    assertTrue(ping.contains("received"), "no ping across the relay:\n" + ping);
  }

  @AfterEach
  void stopEverything() {
    if (client != null) {
      client.stop();
      client = null;
    }
    if (gw != null) {
      gw.stop();
      gw = null;
    }
    Testbed.stop(realServer, 5000);
    realServer = null;
  }

  @AfterAll
  void tearDown() throws Exception {
    try {
      if (relay != null) {
        relay.stop();
        System.out.println("relay: " + relay.lastStats());
      }
      System.out.println("impaired link summary (" + LINK + "):");
      summary.forEach(s -> System.out.println("  " + s));
    } finally {
      if (bed != null) {
        bed.close();
      }
    }
  }

  @ParameterizedTest(name = "{0}: our gateway over the impaired link")
  @ValueSource(strings = {"udp", "tcp"})
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void ourGatewayKeepsKeysInSync(String proto) throws Exception {
    gw = new GatewayUnderTest(bed, "impaired-" + proto, proto, "tls-crypt", List.of()).start();
    Run run = drive(proto);
    String gwLog = gw.log();
    int internal = OpenVpnInteropIT.count(gwLog.toLowerCase(Locale.ROOT), "internal error");
    int gwRenegs = OpenVpnInteropIT.count(gwLog, "client started renegotiation");
    String line =
        String.format(
            "ours %s: %s; gateway: %d client renegotiations, %d internal errors",
            proto, run, gwRenegs, internal);
    summary.add(line);
    System.out.println(line);
    ImpairedRelay.Counts[] link = relay.counts();
    for (ImpairedRelay.Counts d : link) {
      assertTrue(d.lost() > 0 && d.reordered() > 0, "the link was not impaired: " + d);
    }
    assertEquals(
        0, run.outOfSync, "keys out of sync on the client:\n" + excerpt(run.log, OUT_OF_SYNC));
    assertEquals(0, internal, "internal errors in the gateway:\n" + excerpt(gwLog, "nternal"));
    assertEquals(1, run.connections, "the client reconnected:\n" + excerpt(run.log, CONNECTED));
    assertTrue(run.renegotiations >= 2, "fewer than 2 renegotiations: " + run);
    assertTrue(gwRenegs >= 2, "the gateway saw fewer than 2 renegotiations: " + line);
    assertTrue(run.failures.isEmpty(), "traffic failed: " + run.failures);
  }

  @ParameterizedTest(name = "{0}: the real openvpn server over the impaired link, for comparison")
  @ValueSource(strings = {"udp", "tcp"})
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void realServerForComparison(String proto) throws Exception {
    Path log = bed.dir.resolve("real-server-" + proto + ".log");
    Path conf = bed.dir.resolve("real-server-" + proto + ".conf");
    Pki pki = bed.pki;
    Files.write(
        conf,
        List.of(
            "dev tun-gw",
            "dev-type tun",
            "proto " + (proto.equals("tcp") ? "tcp-server" : "udp"),
            "local " + Testbed.GW_IP,
            "port 1194",
            "server 10.8.0.0 255.255.255.0",
            "topology subnet",
            "ca " + pki.file("ca.crt"),
            "cert " + pki.file("server.crt"),
            "key " + pki.file("server.key"),
            "dh none",
            "tls-crypt " + pki.file("tc.key"),
            "data-ciphers AES-256-GCM",
            "disable-dco",
            "keepalive 10 60",
            "push \"route 198.18.1.0 255.255.255.0\"",
            "verb 4"));
    realServer = bed.start(bed.gateway, log, "openvpn", "--config", conf.toString());
    bed.awaitListening(proto, 1194, realServer, log);
    Run run = drive(proto);
    String line = String.format("real openvpn server %s: %s", proto, run);
    summary.add(line);
    System.out.println(line);
    if (run.outOfSync > 0) {
      System.out.println(excerpt(run.log, OUT_OF_SYNC));
    }
    assertTrue(run.connections >= 1, "the client never connected to the real server");
  }

  /** What the client did during one run, from its log. */
  record Run(
      int connections,
      int renegotiations,
      int softResets,
      int outOfSync,
      long millis,
      List<String> failures,
      String log) {
    @Override
    public String toString() {
      return String.format(
          "%d connection(s), %d renegotiations completed (%d soft resets started), "
              + "%d '%s', %.1f s, traffic %s",
          connections,
          renegotiations,
          softResets,
          outOfSync,
          "keys are out of sync",
          millis / 1000.0,
          failures.isEmpty() ? "ok" : "failed: " + failures);
    }
  }

  /**
   * Connects the real client (reneg-sec 10), runs iperf3 and a byte-exact echo through the tunnel,
   * keeps echoing until it has renegotiated twice (bounded in time and rounds) and echoes once more
   * after that; traffic failures are collected, not thrown, so that the counts are always reported.
   */
  private Run drive(String proto) throws Exception {
    long t0 = System.currentTimeMillis();
    client =
        new OpenVpnClient(
                bed,
                1,
                proto,
                "tls-crypt",
                "client01",
                List.of("data-ciphers AES-256-GCM", "reneg-sec 10"))
            .start()
            .awaitUp();
    long up = System.currentTimeMillis();
    List<String> failures = new ArrayList<>();
    try {
      Traffic.iperfTcpAtLeast(bed, client.tunnelIp, 5201, false, IPERF_SECS, IPERF_MIN_BYTES, 40);
    } catch (AssertionError | RuntimeException e) {
      failures.add("iperf3: " + firstLine(e));
    }
    try {
      Traffic.echo(bed, client.tunnelIp, ECHO_BYTES, ECHO_DRAIN_SECS);
    } catch (AssertionError | RuntimeException e) {
      failures.add("echo: " + firstLine(e));
    }
    // keep traffic flowing until the second renegotiation has completed
    for (int round = 0;
        round < 30
            && renegotiations(client.log()) < 2
            && System.currentTimeMillis() - up < RENEG_DEADLINE_MS;
        round++) {
      try {
        Traffic.echo(bed, client.tunnelIp, 32 << 10, ECHO_DRAIN_SECS);
      } catch (AssertionError | RuntimeException e) {
        failures.add("echo while waiting for renegotiation: " + firstLine(e));
        Thread.sleep(1000);
      }
    }
    // and across the last renegotiation: data on the new key, the old one still in its window
    try {
      Traffic.echo(bed, client.tunnelIp, 64 << 10, ECHO_DRAIN_SECS);
    } catch (AssertionError | RuntimeException e) {
      failures.add("echo after the renegotiations: " + firstLine(e));
    }
    if (!client.ping() && !client.ping() && !client.ping()) {
      failures.add("no ping through the tunnel at the end");
    }
    long millis = System.currentTimeMillis() - t0;
    client.stop();
    String log = client.log();
    client = null;
    return new Run(
        OpenVpnInteropIT.count(log, CONNECTED),
        renegotiations(log),
        OpenVpnInteropIT.count(log, SOFT_RESET),
        OpenVpnInteropIT.count(log, OUT_OF_SYNC),
        millis,
        failures,
        log);
  }

  private static int renegotiations(String log) {
    return Math.max(0, OpenVpnInteropIT.count(log, HANDSHAKE) - 1);
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** The first lines of {@code log} that contain {@code needle}, with the count. */
  static String excerpt(String log, String needle) {
    List<String> hits = log.lines().filter(l -> l.contains(needle)).toList();
    return hits.size()
        + " line(s), the first ones:\n"
        + hits.stream().limit(8).collect(Collectors.joining("\n"));
  }
}
