package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Routes learned by BGP, pushed to real clients. An on-premises router (BIRD 2 in its own
 * namespace) announces its networks over eBGP to BIRD on the gateway host, which exports them into
 * kernel table 100; p2sgate follows that table ({@code routes.from-kernel}) and pushes what it
 * holds.
 *
 * <pre>
 *  client ns          gateway ns                          onprem ns                  host ns
 *  openvpn --------   p2sgate, bird AS 65001  --veth--  bird AS 65002  --veth--   172.20.1.10
 *                     198.18.3.1/24                     198.18.3.2/24
 *                     table 100 (from bird),            172.20.1.1/24
 *                     rule: from 10.8.0.0/24 lookup 100 route 10.8.0.0/24 via 198.18.3.1
 * </pre>
 *
 * A real 2.6 client gets the on-prem prefix in its PUSH_REPLY and pings the host behind the router
 * through the tunnel; the real 2.7.6 client stays connected while a prefix is announced and then
 * withdrawn, and gets each change as a PUSH_UPDATE (its routing table shows it); a 2.6 client
 * connected meanwhile is told to reconnect ({@code on-change: reconnect}) and gets the new routes
 * in its next PUSH_REPLY; 2.6 clients that connect later get the routes of that moment.
 */
@Tag("netns")
class LearnedRoutesIT {
  static final String ONPREM_HOST = "172.20.1.10";
  static final String LATER = "172.20.2.0/24";

  static final String GATEWAY_BIRD =
      """
      router id 198.18.3.1;
      protocol device { }
      protocol kernel { kernel table 100; ipv4 { import none; export all; }; }
      protocol bgp onprem {
        local 198.18.3.1 as 65001;
        neighbor 198.18.3.2 as 65002;
        connect delay time 1; connect retry time 2; error wait time 1, 4;
        ipv4 { import all; export none; };
      }
      """;

  static String onpremBird(String hostSide, boolean later) {
    return """
        router id 198.18.3.2;
        protocol device { }
        protocol direct { ipv4; interface "%s"; }
        protocol static { ipv4; %s }
        protocol bgp uplink {
          local 198.18.3.2 as 65002;
          neighbor 198.18.3.1 as 65001;
          connect delay time 1; connect retry time 2; error wait time 1, 4;
          ipv4 { import none; export all; };
        }
        """
        .formatted(hostSide, later ? "route " + LATER + " blackhole;" : "");
  }

  @Test
  void bgpRoutesReachNewSessionsAndPushUpdateReaches27Clients() throws Exception {
    Bird.requireInstalled();
    try (Testbed bed = new Testbed(5)) {
      String onprem = bed.namespace("o");
      String host = bed.namespace("p");
      Testbed.link(
          bed.gateway, bed.tag + "q", "198.18.3.1/24", onprem, bed.tag + "r", "198.18.3.2/24");
      Testbed.link(
          onprem, bed.tag + "s", "172.20.1.1/24", host, bed.tag + "t", ONPREM_HOST + "/24");
      Sh.ns(onprem, "sysctl", "-qw", "net.ipv4.ip_forward=1");
      Sh.ns(onprem, "ip", "route", "add", "10.8.0.0/24", "via", "198.18.3.1");
      Sh.ns(host, "ip", "route", "add", "10.8.0.0/24", "via", "172.20.1.1");
      // the clients' packets take the learned routes: table 100 for traffic from the pool
      Sh.ns(
          bed.gateway,
          "ip",
          "rule",
          "add",
          "from",
          "10.8.0.0/24",
          "lookup",
          "100",
          "priority",
          "100");

      Bird gwBird = new Bird(bed, bed.gateway, "gateway").start(GATEWAY_BIRD);
      Bird onpremBird = new Bird(bed, onprem, "onprem").start(onpremBird(bed.tag + "s", false));
      gwBird.awaitKernelRoute(100, "172.20.1.0/24", true, 30_000);

      GatewayUnderTest gw =
          GatewayUnderTest.yaml(
                  bed,
                  "bgp",
                  "udp",
                  "routes: { from-kernel: { table: 100, include: [ 172.20.0.0/16 ] }, on-change: reconnect }")
              .start();
      OpenVpnClient c26 = new OpenVpnClient(bed, 1, "udp", "tls-crypt", "client01", List.of());
      OpenVpnClient c27 =
          new OpenVpnClient(bed, 2, "udp", "tls-crypt", "client02", List.of())
              .generation(ClientGeneration.V2_7);
      OpenVpnClient later26 = new OpenVpnClient(bed, 3, "udp", "tls-crypt", "client03", List.of());
      OpenVpnClient afterWithdrawal =
          new OpenVpnClient(bed, 4, "udp", "tls-crypt", "client04", List.of());
      OpenVpnClient rolling =
          new OpenVpnClient(bed, 5, "udp", "tls-crypt", "client05", List.of("route-noexec"));
      try {
        // a 2.6 client: the on-prem prefix in its PUSH_REPLY, a ping to the host behind the router
        c26.start().awaitUp();
        assertTrue(pushReply(c26).contains("route 172.20.1.0 255.255.255.0"), pushReply(c26));
        assertTrue(ping(bed, c26, ONPREM_HOST), "no ping through the tunnel to " + ONPREM_HOST);
        c26.stop();

        // the 2.7.6 client: connected with the prefix, then a new one arrives and goes again
        c27.start().awaitUp();
        // a 2.6 client that stays through the changes (installs no routes: c27's are checked)
        rolling.start().awaitUp();
        awaitClientRoute(bed, c27, "172.20.1.0/24", true);
        assertTrue(ping(bed, c27, ONPREM_HOST));
        onpremBird.reconfigure(onpremBird(bed.tag + "s", true));
        gwBird.awaitKernelRoute(100, LATER, true, 30_000);
        awaitClientRoute(bed, c27, LATER, true);
        awaitLastPushReply(rolling, "route 172.20.2.0 255.255.255.0", true);
        assertTrue(c27.log().contains("PUSH_UPDATE,route"), Testbed.tail(c27.log, 30));
        awaitClientRoute(bed, c27, "172.20.1.0/24", true);

        // a 2.6 client connecting now gets the new prefix in its PUSH_REPLY
        later26.start();
        Testbed.awaitLog(later26.log, "Initialization Sequence Completed", later26.process, 40_000);
        assertTrue(
            pushReply(later26).contains("route 172.20.2.0 255.255.255.0"), pushReply(later26));
        later26.stop();

        // withdrawn: the 2.7 client loses it while connected, a new 2.6 client never gets it
        onpremBird.reconfigure(onpremBird(bed.tag + "s", false));
        gwBird.awaitKernelRoute(100, LATER, false, 30_000);
        awaitClientRoute(bed, c27, LATER, false);
        awaitLastPushReply(rolling, "route 172.20.2.0 255.255.255.0", false);
        rolling.awaitConnections(3, 20_000); // told to reconnect once per change
        awaitClientRoute(bed, c27, "172.20.1.0/24", true);
        assertTrue(ping(bed, c27, ONPREM_HOST), "the 2.7 client still reaches the on-prem host");
        assertTrue(OpenVpnInteropIT.count(c27.log(), "Initialization Sequence Completed") >= 2);
        assertFalse(c27.log().contains("SIGUSR1"), "the 2.7 client never restarted");
        afterWithdrawal.start();
        Testbed.awaitLog(
            afterWithdrawal.log,
            "Initialization Sequence Completed",
            afterWithdrawal.process,
            40_000);
        String reply = pushReply(afterWithdrawal);
        assertTrue(reply.contains("route 172.20.1.0 255.255.255.0"), reply);
        assertFalse(reply.contains("172.20.2.0"), reply);
        String log = gw.log();
        assertTrue(log.contains("learned routes: 2 pushed, added [172.20.2.0/24]"), log);
        assertTrue(log.contains("withdrawn [172.20.2.0/24]"), log);
      } finally {
        c26.stop();
        c27.stop();
        later26.stop();
        afterWithdrawal.stop();
        rolling.stop();
        assertTrue(gw.stop());
      }
    }
  }

  /** The PUSH_REPLY line of a client's log at verb 4. */
  private static String pushReply(OpenVpnClient c) throws Exception {
    String log = c.log();
    return log.lines()
        .filter(l -> l.contains("PUSH_REPLY") && l.contains("ifconfig"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no PUSH_REPLY:\n" + log));
  }

  /**
   * Waits until the client's latest PUSH_REPLY holds {@code option}, or does not: a 2.6 client told
   * to reconnect ({@code on-change: reconnect}) gets the routes of the moment.
   */
  private static void awaitLastPushReply(OpenVpnClient c, String option, boolean present)
      throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    String last = "";
    while (System.currentTimeMillis() < deadline) {
      List<String> replies =
          c.log().lines().filter(l -> l.contains("PUSH_REPLY") && l.contains("ifconfig")).toList();
      last = replies.isEmpty() ? "" : replies.get(replies.size() - 1);
      if (!last.isEmpty() && last.contains(option) == present) {
        return;
      }
      Thread.sleep(100);
    }
    fail("last PUSH_REPLY " + (present ? "lacks " : "has ") + option + ": " + last);
  }

  private static boolean ping(Testbed bed, OpenVpnClient c, String target) {
    for (int i = 0; i < 5; i++) {
      if (Sh.tryNs(bed.client, "ping", "-n", "-c", "1", "-W", "1", "-I", c.tunnelIp, target).exit()
          == 0) {
        return true;
      }
    }
    return false;
  }

  /** Waits until the client's namespace routes {@code prefix} over its tunnel, or no longer. */
  private static void awaitClientRoute(Testbed bed, OpenVpnClient c, String prefix, boolean present)
      throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    String routes = "";
    while (System.currentTimeMillis() < deadline) {
      routes = Sh.tryNs(bed.client, "ip", "-4", "route", "show", prefix).output();
      if (routes.contains("dev " + c.dev) == present) {
        return;
      }
      Thread.sleep(100);
    }
    fail(
        c.dev
            + (present ? " has no route to " : " still routes ")
            + prefix
            + ": "
            + routes
            + "\n"
            + Testbed.tail(c.log, 30));
  }
}
