package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway with two data-path threads ({@code -Dp2sgate.data.threads=2}, decision 35) and four
 * real 2.6 clients at once: every client's tunnel carries a byte-exact echo while the others' do,
 * through a TUN device with a queue per thread, and the gateway stops cleanly. Over TCP, Netty
 * gives the connections to the two loops in turn, so both session tables serve clients (seen in the
 * peer-ids, which the tables deal out by remainder); over UDP the kernel spreads the clients over
 * the two sockets by its own hash.
 *
 * <p>The server.conf carries the kernel-buffer directives operators tune (decision 36): the TUN
 * device's queue length and the sockets' buffers are what it asks for, and {@code fast-io} is
 * accepted.
 */
@Tag("netns")
class ShardedDataPathIT {
  private static final int CLIENTS = 4;
  private static final Pattern PEER_ID = Pattern.compile(" authenticated, .* peer-id (\\d+)");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"tcp", "udp"})
  void fourClientsAtOnceOnTwoThreads(String proto) throws Exception {
    try (Testbed bed = new Testbed(CLIENTS)) {
      bed.startEcho();
      GatewayUnderTest gw =
          new GatewayUnderTest(
                  bed,
                  "shards-" + proto,
                  proto,
                  "tls-crypt",
                  List.of("txqueuelen 2000", "sndbuf 65536", "rcvbuf 65536", "fast-io"))
              .jvmArgs("-Dp2sgate.data.threads=2")
              .start();
      List<OpenVpnClient> clients = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      try {
        for (int i = 1; i <= CLIENTS; i++) {
          String cert = String.format("client%02d", i);
          clients.add(
              new OpenVpnClient(bed, i, proto, "tls-crypt", cert, List.of("route-noexec")).start());
        }
        for (OpenVpnClient c : clients) {
          c.awaitUp();
        }
        String log = gw.log();
        assertTrue(log.contains("2 data-path thread(s)"), "two threads: " + head(log));
        assertTrue(log.contains("2 queue(s)"), "a TUN queue per thread: " + head(log));
        Set<Integer> tables = new TreeSet<>();
        Matcher m = PEER_ID.matcher(log);
        while (m.find()) {
          tables.add(Integer.parseInt(m.group(1)) % 2);
        }
        System.out.printf("%s: clients on session tables %s%n", proto, tables);
        String link = Sh.ns(bed.gateway, "ip", "-o", "link", "show", "type", "tun");
        assertTrue(link.contains("qlen 2000"), "txqueuelen 2000: " + link);
        // the kernel doubles a socket buffer request (socket(7)); 64 KiB is below every cap
        String sockets =
            Sh.ns(bed.gateway, "ss", proto.equals("udp") ? "-uamn" : "-tmn", "sport = :1194");
        assertTrue(
            sockets.contains("rb131072") && sockets.contains("tb131072"),
            "sndbuf and rcvbuf 65536: " + sockets);
        if (proto.equals("tcp")) {
          assertEquals(Set.of(0, 1), tables, "both tables serve TCP clients:\n" + log);
        }

        // every tunnel at once: 1 MiB each way per client, byte-exact
        List<Future<?>> echoes = new ArrayList<>();
        for (OpenVpnClient c : clients) {
          echoes.add(
              pool.submit(
                  () -> {
                    Traffic.echo(bed, c.tunnelIp, 1 << 20);
                    return null;
                  }));
        }
        for (Future<?> f : echoes) {
          f.get(90, TimeUnit.SECONDS);
        }
        for (OpenVpnClient c : clients) {
          assertEquals(
              1,
              OpenVpnInteropIT.count(c.log(), "Initialization Sequence Completed"),
              c.name + " connected once");
        }
      } finally {
        pool.shutdownNow();
        for (OpenVpnClient c : clients) {
          c.stop();
        }
        assertTrue(gw.stop(), "stopped within 5 s");
      }
      String log = gw.log();
      assertFalse(log.contains("TABLE_HANDOFF_FULL"), "no hand-over dropped:\n" + tail(log));
      assertFalse(log.contains("internal error"), tail(log));
    }
  }

  private static String head(String log) {
    return log.lines().limit(40).reduce("", (a, b) -> a + b + "\n");
  }

  private static String tail(String log) {
    List<String> lines = log.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
