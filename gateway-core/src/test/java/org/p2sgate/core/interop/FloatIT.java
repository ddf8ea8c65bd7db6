package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real 2.6 client whose source address changes in the middle of a session (UDP): the gateway
 * follows it on its first authenticated P_DATA_V2 (a float), the session, its tunnel address and a
 * TCP connection through it carry on, without a new handshake. And an attacker on the client's
 * network who knows the client's peer-id, sending a forged packet and replaying one of the client's
 * real ones from its own address, does not move the session.
 */
@Tag("netns")
class FloatIT {
  static final String NEW_ADDRESS = "198.18.0.3";
  static final String ATTACKER = "198.18.0.66";

  @Test
  void aClientWhoseAddressChangesKeepsItsSessionAndItsTraffic() throws Exception {
    withClient(
        NEW_ADDRESS,
        "float",
        (bed, gw, c) -> {
          String tunnelIp = c.tunnelIp;
          // one TCP connection through the tunnel that is open while the address changes: its
          // first half goes before, the second half after, and all of it must come back unchanged
          byte[] data = new byte[1 << 20];
          new Random(7).nextBytes(data);
          Path in = bed.dir.resolve("float-in");
          Path out = bed.dir.resolve("float-out");
          Files.write(in, data);
          int half = data.length / 2;
          Process echo =
              bed.start(
                  bed.client,
                  bed.dir.resolve("float-echo.log"),
                  "sh",
                  "-c",
                  "(head -c "
                      + half
                      + " "
                      + in
                      + "; sleep 4; tail -c +"
                      + (half + 1)
                      + " "
                      + in
                      + ") | timeout 60 socat -t 10 -T 30 - TCP:"
                      + Testbed.PRIVATE_HOST
                      + ":7000,bind="
                      + tunnelIp
                      + " > "
                      + out);
          Thread.sleep(1500);
          // the client's datagrams to the gateway now leave from the new address (same port)
          Sh.ns(
              bed.client,
              "ip",
              "route",
              "add",
              Testbed.GW_IP + "/32",
              "dev",
              bed.tag + "a",
              "src",
              NEW_ADDRESS);
          assertTrue(echo.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "echo finished");
          assertArrayEquals(
              data, Files.readAllBytes(out), "the echo across the float is byte-exact");

          Testbed.awaitLog(gw.log, "client floated from 198.18.0.2:", gw.process, 10_000);
          String log = gw.log();
          assertTrue(log.contains(" to " + NEW_ADDRESS + ":"), log);
          assertEquals(1, OpenVpnInteropIT.count(log, " authenticated, peer "), "one login");
          assertEquals(1, OpenVpnInteropIT.count(c.log(), "Initialization Sequence Completed"));
          assertFalse(c.log().contains("SIGUSR1"), "the client did not restart");
          assertTrue(c.ping(), "the tunnel still works");
          assertEquals(tunnelIp, tunnelAddress(bed, c), "same tunnel address");
        });
  }

  @Test
  void forgedAndReplayedPacketsFromElsewhereDoNotMoveTheSession() throws Exception {
    withClient(
        ATTACKER,
        "float-attack",
        (bed, gw, c) -> {
          // the attacker sees the client's packets on the wire: capture some with a raw socket
          Path capture = bed.dir.resolve("capture.txt");
          Process sniffer =
              bed.start(
                  bed.gateway,
                  capture,
                  "timeout",
                  "3",
                  "socat",
                  "-x",
                  "-u",
                  "IP4-RECV:17,range=198.18.0.2/32",
                  "OPEN:/dev/null,wronly");
          Thread.sleep(500);
          for (int i = 0; i < 3; i++) {
            c.ping();
          }
          sniffer.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
          List<byte[]> data = clientDataPackets(Files.readString(capture));
          assertFalse(
              data.isEmpty(), "no P_DATA_V2 of the client captured:\n" + Files.readString(capture));
          byte[] real = data.get(0);

          byte[] forged = new byte[80];
          new Random(3).nextBytes(forged);
          System.arraycopy(real, 0, forged, 0, 8); // opcode, key id, peer-id, packet id
          forged[4] = (byte) 0x7f; // a packet id far ahead: not a replay, a bad tag
          send(bed, forged, 40001);
          send(bed, real, 40002);
          Thread.sleep(500);

          String log = gw.log();
          assertFalse(log.contains("floated"), "the session moved:\n" + log);
          Traffic.echo(bed, c.tunnelIp, 1 << 18);
          assertFalse(gw.log().contains("floated"), "the session moved later");
          assertEquals(1, OpenVpnInteropIT.count(c.log(), "Initialization Sequence Completed"));
        });
  }

  /** A test's steps, with the client up. */
  interface Steps {
    void run(Testbed bed, GatewayUnderTest gw, OpenVpnClient c) throws Exception;
  }

  /**
   * Runs {@code steps} with a UDP gateway, the private host's echo and a client that is up, and
   * {@code address} as a second address on the client's link (where the client moves to, or where
   * the attacker sends from).
   */
  private static void withClient(String address, String name, Steps steps) throws Exception {
    try (Testbed bed = new Testbed(1)) {
      Sh.ns(bed.client, "ip", "addr", "add", address + "/24", "dev", bed.tag + "a");
      bed.startEcho();
      GatewayUnderTest gw = new GatewayUnderTest(bed, name, "udp", "tls-crypt", List.of()).start();
      OpenVpnClient c = new OpenVpnClient(bed, 1, "udp", "tls-crypt", "client01", List.of());
      try {
        c.start().awaitUp();
        steps.run(bed, gw, c);
      } finally {
        c.stop();
        assertTrue(gw.stop());
      }
    }
  }

  /** Sends {@code packet} as one UDP datagram from the attacker's address to the gateway. */
  private static void send(Testbed bed, byte[] packet, int port) throws Exception {
    Path f = bed.dir.resolve("attack-" + port + ".bin");
    Files.write(f, packet);
    Sh.ns(
        bed.client,
        "socat",
        "-u",
        "OPEN:" + f,
        "UDP4-SENDTO:" + Testbed.GW_IP + ":1194,bind=" + ATTACKER + ":" + port);
  }

  /**
   * The UDP payloads of P_DATA_V2 packets to port 1194 in a {@code socat -x} dump of a raw UDP
   * socket (socat gives the datagrams without their IP header, the source already filtered by its
   * {@code range}): each block is a "> ... length=N" line, then hex of UDP header and payload.
   */
  static List<byte[]> clientDataPackets(String dump) {
    List<byte[]> out = new ArrayList<>();
    StringBuilder hex = null;
    for (String line : (dump + "\n> end").split("\n")) {
      if (line.startsWith("> ") || line.startsWith("--")) {
        if (hex != null && hex.length() > 0) {
          byte[] udp = HexFormat.of().parseHex(hex.toString());
          int dport = udp.length > 8 ? ((udp[2] & 0xff) << 8 | (udp[3] & 0xff)) : 0;
          if (dport == 1194 && ((udp[8] & 0xff) >> 3) == 9) {
            out.add(java.util.Arrays.copyOfRange(udp, 8, udp.length));
          }
        }
        hex = new StringBuilder();
      } else if (hex != null) {
        hex.append(line.replace(" ", "").strip());
      }
    }
    return out;
  }

  private static String tunnelAddress(Testbed bed, OpenVpnClient c) {
    return Sh.ns(
            bed.client,
            "sh",
            "-c",
            "ip -4 -o addr show dev " + c.dev + " | awk '{split($4,a,\"/\"); print a[1]}'")
        .strip();
  }
}
