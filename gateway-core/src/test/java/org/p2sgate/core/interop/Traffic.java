package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Real traffic through the tunnel: iperf3 (TCP, UDP) and a byte-exact TCP echo via socat. */
final class Traffic {
  private Traffic() {}

  static void iperfTcp(Testbed bed, String tunIp, int port, boolean reverse) {
    iperfTcpSeconds(bed, tunIp, port, reverse, 3);
  }

  /**
   * iperf3's server runs one test at a time and needs a moment after a test before it accepts the
   * next; started back to back through a TCP tunnel (where the end of a test drains slowly), the
   * next client is refused with a reset. The shared bench harness pauses 1 s likewise.
   */
  private static void letIperfServerSettle() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs iperf3 over TCP and asserts that data arrived at a plausible rate. */
  static double iperfTcpSeconds(Testbed bed, String tunIp, int port, boolean reverse, int secs) {
    return iperfTcpAtLeast(bed, tunIp, port, reverse, secs, 1_000_000, 20);
  }

  /**
   * Runs iperf3 over TCP for {@code secs} and asserts that more than {@code minBytes} arrived (a
   * lossy link moves far less than a clean one); iperf3 is given {@code slackSecs} beyond {@code
   * secs} to connect and report.
   *
   * @return the receiver's rate in bits per second
   */
  static double iperfTcpAtLeast(
      Testbed bed,
      String tunIp,
      int port,
      boolean reverse,
      int secs,
      long minBytes,
      int slackSecs) {
    return iperfTcpTo(bed, Testbed.PRIVATE_HOST, tunIp, port, reverse, secs, minBytes, slackSecs);
  }

  /** As {@link #iperfTcpAtLeast}, to the iperf3 server at {@code host} (IPv4 or IPv6). */
  static double iperfTcpTo(
      Testbed bed,
      String host,
      String tunIp,
      int port,
      boolean reverse,
      int secs,
      long minBytes,
      int slackSecs) {
    letIperfServerSettle();
    String out =
        Sh.ns(
            bed.client,
            "timeout",
            String.valueOf(secs + slackSecs),
            "iperf3",
            "-c",
            host,
            "-p",
            String.valueOf(port),
            "-B",
            tunIp,
            "-t",
            String.valueOf(secs),
            "-J",
            reverse ? "-R" : "--get-server-output");
    double bytes = number(out, "\"sum_received\"\\s*:\\s*\\{[^}]*\"bytes\"\\s*:\\s*([0-9.e+]+)");
    double bps =
        number(out, "\"sum_received\"\\s*:\\s*\\{[^}]*\"bits_per_second\"\\s*:\\s*([0-9.e+]+)");
    assertTrue(bytes > minBytes, "iperf3 moved only " + bytes + " bytes:\n" + out);
    System.out.printf(
        "iperf3 TCP %s %s: %.2f Mbit/s, %.0f bytes%n",
        reverse ? "rev" : "fwd", tunIp, bps / 1e6, bytes);
    return bps;
  }

  /** UDP at a modest rate both ways; asserts that most datagrams arrive. */
  static void iperfUdp(Testbed bed, String tunIp, int port, boolean reverse) {
    letIperfServerSettle();
    String out =
        Sh.ns(
            bed.client,
            "timeout",
            "25",
            "iperf3",
            "-c",
            Testbed.PRIVATE_HOST,
            "-p",
            String.valueOf(port),
            "-B",
            tunIp,
            "-u",
            "-b",
            "50M",
            "-l",
            "1200",
            "-t",
            "3",
            "-J",
            reverse ? "-R" : "--get-server-output");
    double lost = number(out, "\"sum\"\\s*:\\s*\\{[^}]*\"lost_percent\"\\s*:\\s*([0-9.e+-]+)");
    double packets = number(out, "\"sum\"\\s*:\\s*\\{[^}]*\"packets\"\\s*:\\s*([0-9.e+]+)");
    assertTrue(packets > 1000, "iperf3 UDP sent only " + packets + " datagrams:\n" + out);
    assertTrue(lost < 5.0, "iperf3 UDP lost " + lost + "%:\n" + out);
    System.out.printf(
        "iperf3 UDP %s %s: %.0f datagrams, %.2f%% lost%n",
        reverse ? "rev" : "fwd", tunIp, packets, lost);
  }

  /** Sends {@code n} random bytes to the echo server and checks they come back unchanged. */
  static void echo(Testbed bed, String tunIp, int n) throws Exception {
    echo(bed, tunIp, n, 10);
  }

  /**
   * As {@link #echo(Testbed, String, int)}, waiting up to {@code drainSecs} after the last byte is
   * handed to the socket for the rest to come back: socat sees the end of its input once the data
   * sits in the socket's send buffer, which on a slow, lossy link can take longer than 10 s to
   * drain (the echo then comes back short).
   */
  static void echo(Testbed bed, String tunIp, int n, int drainSecs) throws Exception {
    echoTo(bed, Testbed.PRIVATE_HOST, tunIp, n, drainSecs);
  }

  /** As {@link #echo(Testbed, String, int, int)}, to the echo at {@code host} (IPv4 or IPv6). */
  static void echoTo(Testbed bed, String host, String tunIp, int n, int drainSecs)
      throws Exception {
    byte[] data = new byte[n];
    new Random(n).nextBytes(data);
    // per source address: clients may echo at the same time
    String tag = tunIp.replace(':', '_');
    Path in = bed.dir.resolve("echo-in-" + tag);
    Path out = bed.dir.resolve("echo-out-" + tag);
    Files.write(in, data);
    Files.deleteIfExists(out);
    Sh.ns(
        bed.client,
        "sh",
        "-c",
        "timeout "
            + (50 + drainSecs)
            + " socat -t "
            + drainSecs
            + " -T 20 - "
            + (host.indexOf(':') >= 0
                ? "TCP6:[" + host + "]:7000,bind=[" + tunIp + "]"
                : "TCP:" + host + ":7000,bind=" + tunIp)
            + " < "
            + in
            + " > "
            + out);
    assertArrayEquals(data, Files.readAllBytes(out), "echo of " + n + " bytes must be byte-exact");
  }

  private static double number(String json, String regex) {
    Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(json);
    double last = -1;
    while (m.find()) {
      last = Double.parseDouble(m.group(1));
    }
    return last;
  }
}
