package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Floods from the client's namespace, only at the test's own gateway: 30 s of validly wrapped
 * HARD_RESETs (anyone with a profile can send them), wrongly wrapped ones and random garbage from
 * 50 source addresses of another network as fast as one core sends, then 500 silent or garbage TCP
 * connections. A live session keeps moving data, real clients connect during both floods, every
 * flood connection is closed by the gateway within its 10 s, and the heap after a full GC stays
 * under {@value #HEAP_BOUND_MIB} MiB.
 */
@Tag("netns")
class FloodIT {
  static final int SOURCES = 50;
  static final int HEAP_BOUND_MIB = 48;

  @Test
  void floodsLeaveLiveSessionsAndNewClientsAlone() throws Exception {
    try (Testbed bed = new Testbed(3)) {
      bed.startEcho();
      // the flooders sit in a network of their own (198.18.3.0/24) beside the real clients
      // (198.18.0.2): per-network limits keep a flood from spending another network's share
      List<String> sources = new ArrayList<>();
      for (int i = 0; i < SOURCES; i++) {
        String ip = "198.18.3." + (100 + i);
        Sh.ns(bed.client, "ip", "addr", "add", ip + "/32", "dev", bed.tag + "a");
        sources.add(ip);
      }
      Sh.ns(bed.gateway, "ip", "route", "add", "198.18.3.0/24", "dev", bed.tag + "b");
      GatewayUnderTest gw = GatewayUnderTest.yaml(bed, "flood", "udp+tcp", "").start();
      try {
        OpenVpnClient live = client(bed, 1, "udp").awaitUp();

        Process udp =
            flooder(
                bed,
                "udp-flood",
                sources,
                "udp",
                Testbed.GW_IP,
                "1194",
                bed.pki.file("tc.key").toString(),
                "30");
        Thread.sleep(2_000);
        client(bed, 2, "udp").awaitUp(); // a real client connects during the flood
        Traffic.echo(bed, live.tunnelIp, 1 << 20); // and the live session moves data
        assertTrue(udp.waitFor(60, TimeUnit.SECONDS), "the UDP flood ends");
        System.out.println(Testbed.read(bed.dir.resolve("udp-flood.log")).strip());
        assertTrue(live.ping(), "the live session survived the UDP flood");
        long heapAfterUdp = heapAfterGcMib(gw);

        Process tcp = flooder(bed, "tcp-flood", sources, "tcp", Testbed.GW_IP, "1194", "15", "10");
        Thread.sleep(2_000);
        client(bed, 3, "tcp").awaitUp(); // a real TCP client connects among 500 silent ones
        assertTrue(tcp.waitFor(60, TimeUnit.SECONDS), "the TCP flood ends");
        String tcpReport = Testbed.read(bed.dir.resolve("tcp-flood.log")).strip();
        System.out.println(tcpReport);
        Matcher m = Pattern.compile("(\\d+) of (\\d+) closed by the gateway").matcher(tcpReport);
        assertTrue(m.find(), tcpReport);
        assertTrue(
            Integer.parseInt(m.group(1)) >= 480 && m.group(2).equals("500"),
            "silent and garbage connections are closed: " + tcpReport);
        assertTrue(live.ping(), "the live session survived the TCP flood");
        long heapAfterTcp = heapAfterGcMib(gw);
        System.out.printf(
            "flood: heap after GC %d MiB after the UDP flood, %d MiB after the TCP flood%n",
            heapAfterUdp, heapAfterTcp);
        assertTrue(heapAfterUdp <= HEAP_BOUND_MIB, heapAfterUdp + " MiB");
        assertTrue(heapAfterTcp <= HEAP_BOUND_MIB, heapAfterTcp + " MiB");
        assertFalse(gw.log().contains("internal error"), Testbed.tail(gw.log, 40));
        // counted (STREAM_MALFORMED), not an INFO line each: a flood must not flood the log
        assertFalse(gw.log().contains("INFO  TcpInitializer"), Testbed.tail(gw.log, 20));
      } finally {
        assertTrue(gw.stop());
      }
    }
  }

  private static OpenVpnClient client(Testbed bed, int index, String proto) throws Exception {
    return new OpenVpnClient(
            bed,
            index,
            proto,
            "tls-crypt",
            String.format("client%02d", index),
            List.of("route-noexec"))
        .start();
  }

  private static Process flooder(Testbed bed, String name, List<String> sources, String... args)
      throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(sources);
    return bed.startJava(
        bed.client, bed.dir.resolve(name + ".log"), List.of("-Xmx256m"), Flooder.class, all);
  }

  /** The gateway's heap in MiB after a full GC, read with jcmd. */
  private static long heapAfterGcMib(GatewayUnderTest gw) {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    String pid = String.valueOf(gw.process.pid());
    Sh.ns(gw.bed.gateway, jcmd, pid, "GC.run");
    String info = Sh.ns(gw.bed.gateway, jcmd, pid, "GC.heap_info");
    Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
    assertTrue(m.find(), info);
    return Long.parseLong(m.group(1)) / 1024;
  }
}
