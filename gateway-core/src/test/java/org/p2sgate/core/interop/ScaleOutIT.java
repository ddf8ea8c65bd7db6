package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.p2sgate.auth.radius.FreeRadiusServer;

/**
 * Two replicas as a StatefulSet runs them (docker/k8s), as real processes in the gateway namespace:
 * ordinal 0 and 1 (one from {@code P2SGATE_ORDINAL}, one from its host name {@code p2sgate-1} in a
 * UTS namespace of its own, the restart from {@code --ordinal}), each with its own slice of
 * 10.8.0.0/16, its own TUN device and address, one shared auth-token key and one FreeRADIUS. The
 * private network routes each slice to its replica.
 *
 * <pre>
 *  client ns                           gateway ns                                   private ns
 *  openvpn: remote 198.18.0.1  --veth-- replica 0: 198.18.0.1:1194, tun-r0 10.8.0.1/24  route 10.8.0.0/24
 *           remote 198.18.5.1           replica 1: 198.18.5.1:1194, tun-r1 10.8.1.1/24  route 10.8.1.0/24
 * </pre>
 *
 * Replica 0 is drained with {@code p2sgate drain} (the preStop hook): the client is on replica 1
 * within 15 s by its auth-token, FreeRADIUS having seen one Access-Request in all, and traffic
 * flows. Replica 0 is started again, replica 1 is killed with {@code kill -9}: the client's
 * ping-restart takes it back to replica 0, by its token, to the address it had there.
 */
@Tag("netns")
class ScaleOutIT {
  static final String SECOND_IP = "198.18.5.1";

  @Test
  void drainAndCrashMoveTheClientBetweenReplicasByItsToken() throws Exception {
    try (Testbed bed = new Testbed(1);
        FreeRadiusServer radius = RadiusYaml.inGatewayNamespace(bed, "radius")) {
      Sh.ns(bed.gateway, "ip", "addr", "add", SECOND_IP + "/32", "dev", bed.tag + "b");
      Sh.ns(bed.client, "ip", "route", "add", SECOND_IP, "dev", bed.tag + "a");
      // the private network's route to replica 1's slice (Testbed routes 10.8.0.0/24 already)
      Sh.ns(bed.vnet, "ip", "route", "add", "10.8.1.0/24", "via", "198.18.1.1");
      bed.startEcho();
      Path adminToken = bed.dir.resolve("admin.token");
      Files.writeString(adminToken, "admin-token-" + System.nanoTime() + "\n");
      bed.secrets.add(Files.readString(adminToken).strip());
      String auth =
          RadiusYaml.auth(
              "certificate+radius",
              List.of(RadiusYaml.tokenLine(bed)), // one key file for both: the Secret
              List.of(),
              ", timeout: 1s, retries: 0",
              radius);

      GatewayUnderTest r0 =
          replica(bed, 0, Testbed.GW_IP, auth, adminToken)
              .launchedBy("env", "P2SGATE_ORDINAL=0")
              .start();
      awaitReady(bed, 9194, r0);
      GatewayUnderTest r1 =
          replica(bed, 1, SECOND_IP, auth, adminToken)
              .launchedBy("unshare", "--uts", "sh", "-c", "hostname p2sgate-1 && exec \"$@\"", "sh")
              .start();
      awaitReady(bed, 9195, r1);
      assertTrue(r0.log().contains("pool=10.8.0.0/24"), Testbed.tail(r0.log, 20));
      assertTrue(r1.log().contains("pool=10.8.1.0/24"), "slice from the host name p2sgate-1");

      Path pass = bed.dir.resolve("carol.pass");
      Files.writeString(pass, "carol\ncarolpass\n");
      OpenVpnClient carol =
          OpenVpnClient.withPassword(
              bed,
              1,
              "client01",
              pass,
              "auth-nocache", // the password is gone after the first login: only the token is left
              "route-noexec",
              "remote " + SECOND_IP + " 1194 udp", // the profile lists both replicas, in order
              "server-poll-timeout 4");
      GatewayUnderTest again = null;
      try {
        carol.start().awaitUp();
        String firstIp = carol.tunnelIp;
        assertTrue(firstIp.startsWith("10.8.0."), "on replica 0's slice: " + firstIp);
        Traffic.echo(bed, carol.tunnelIp, 1 << 16);
        assertEquals(1, accessRequests(radius), "one full login");

        // drain replica 0 as the preStop hook does; the client moves to the next remote
        long drainAt = System.currentTimeMillis();
        Sh.Result drained = drain(bed, 9194, adminToken);
        assertEquals(0, drained.exit(), drained.output());
        assertTrue(drained.output().contains("1 client(s) told to move on"), drained.output());
        carol.awaitConnections(2, 15_000 - (System.currentTimeMillis() - drainAt));
        carol.awaitUp();
        long moved = System.currentTimeMillis() - drainAt;
        assertTrue(r0.process.waitFor(5, TimeUnit.SECONDS), "the drained replica stops");
        assertEquals(0, r0.process.exitValue());
        assertTrue(carol.tunnelIp.startsWith("10.8.1."), "on replica 1's slice: " + carol.tunnelIp);
        assertTrue(
            lastRemote(carol).equals(SECOND_IP),
            "talks to replica 1: " + Testbed.tail(carol.log, 20));
        assertTrue(moved < 15_000, "on replica 1 after " + moved + " ms");
        assertEquals(1, accessRequests(radius), "the token, not a new RADIUS login");
        assertEquals(1, OpenVpnInteropIT.count(r1.log(), "authenticated"), r1.log());
        Traffic.echo(bed, carol.tunnelIp, 1 << 16);

        // replica 0 comes back (a pod restarted), then replica 1 dies without a word
        again =
            replica(bed, 0, Testbed.GW_IP, auth, adminToken).serveArgs("--ordinal", "0").start();
        awaitReady(bed, 9194, again);
        long killedAt = System.currentTimeMillis();
        r1.process.destroyForcibly().waitFor(); // SIGKILL
        carol.awaitConnections(3, 40_000);
        carol.awaitUp();
        long back = System.currentTimeMillis() - killedAt;
        assertEquals(Testbed.GW_IP, lastRemote(carol), Testbed.tail(carol.log, 20));
        assertEquals(firstIp, carol.tunnelIp, "back on replica 0 with the address it had there");
        assertEquals(1, accessRequests(radius), "still the one RADIUS login");
        assertEquals(1, OpenVpnInteropIT.count(again.log(), "authenticated"), again.log());
        Traffic.echo(bed, carol.tunnelIp, 1 << 16);
        for (GatewayUnderTest g : List.of(r0, r1, again)) {
          assertFalse(g.log().contains("AUTH refused"), g.log());
        }
        System.out.printf(
            "scale-out: on replica 1 %d ms after the drain, back on replica 0 %d ms after kill -9%n",
            moved, back);
      } finally {
        carol.stop();
        assertTrue(r0.stop());
        Testbed.stop(r1.process, 3000);
        if (again != null) {
          assertTrue(again.stop());
        }
      }
    }
  }

  /** Replica {@code n}: its address, TUN device, admin port and state; slice by its ordinal. */
  private static GatewayUnderTest replica(
      Testbed bed, int n, String address, String auth, Path adminToken) throws Exception {
    String name = "replica" + n + "-" + System.nanoTime();
    return GatewayUnderTest.yaml(
            bed,
            name,
            "udp",
            address,
            auth
                + "\nadmin: { listen: 127.0.0.1:"
                + (9194 + n)
                + ", token-file: "
                + adminToken
                + " }\nstate-dir: "
                + bed.dir.resolve("state-" + n))
        .editYaml(
            y ->
                y.replace("tun: { name: tun-gw,", "tun: { name: tun-r" + n + ",")
                    .replace("pool: 10.8.0.0/24", "pool: { net: 10.8.0.0/16, slice: auto }")
                    .replace(
                        "keepalive: { interval: 10s, timeout: 60s }",
                        "keepalive: { interval: 2s, timeout: 8s }"));
  }

  /** Polls the replica's readiness endpoint (the StatefulSet's readinessProbe) until "ready". */
  private static void awaitReady(Testbed bed, int port, GatewayUnderTest g) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      Sh.Result r =
          Sh.tryNs(bed.gateway, "curl", "-fsS", "-m", "2", "http://127.0.0.1:" + port + "/readyz");
      if (r.exit() == 0 && r.output().strip().equals("ready")) {
        return;
      }
      if (!g.process.isAlive()) {
        throw new AssertionError("replica exited:\n" + Testbed.tail(g.log, 40));
      }
      Thread.sleep(200);
    }
    throw new AssertionError("replica not ready after 30 s:\n" + Testbed.tail(g.log, 40));
  }

  /** {@code p2sgate drain} from the shaded jar, as the StatefulSet's preStop hook runs it. */
  private static Sh.Result drain(Testbed bed, int port, Path token) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return Sh.tryNs(
        bed.gateway,
        java,
        "-jar",
        Path.of("target", "p2sgate.jar").toAbsolutePath().toString(),
        "drain",
        "--admin",
        "http://127.0.0.1:" + port,
        "--token-file",
        token.toString(),
        "--deadline",
        "20s");
  }

  /** Access-Requests FreeRADIUS received so far (its -X output names each one). */
  private static int accessRequests(FreeRadiusServer radius) throws Exception {
    return OpenVpnInteropIT.count(Files.readString(radius.logFile()), "Received Access-Request");
  }

  /** The address of the server the client's latest connection went to. */
  private static String lastRemote(OpenVpnClient c) throws Exception {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("Peer Connection Initiated with \\[AF_INET\\]([0-9.]+):")
            .matcher(c.log());
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return last;
  }
}
