package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code p2sgate demo} as a first-time operator runs it: the profile it writes, used unchanged by
 * the real openvpn client in another namespace, connects and reaches the gateway.
 */
@Tag("netns")
class DemoProfileIT {

  @Test
  void demoProfileConnectsUnchanged() throws Exception {
    try (Testbed bed = new Testbed(0)) {
      Path data = bed.dir.resolve("demo-data");
      Path log = bed.dir.resolve("demo.log");
      Path jar = Path.of("target", "p2sgate.jar").toAbsolutePath();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process gw =
          bed.start(
              bed.gateway,
              log,
              java,
              "--enable-native-access=ALL-UNNAMED",
              "-jar",
              jar.toString(),
              "demo",
              "--data-dir",
              data.toString(),
              "--public-address",
              Testbed.GW_IP);
      bed.awaitListening("udp", 1194, gw, log);
      Path profile = data.resolve("clients").resolve("demo.ovpn");
      assertTrue(Files.exists(profile), "demo writes " + profile);
      String text = Files.readString(profile);
      assertTrue(text.contains("remote " + Testbed.GW_IP + " 1194"), text);
      assertTrue(
          Testbed.read(log).contains(profile.getFileName().toString()),
          "demo says where the profile is");

      Path clientLog = bed.dir.resolve("demo-client.log");
      Process client =
          bed.start(
              bed.client, clientLog, "openvpn", "--config", profile.toString(), "--verb", "4");
      Testbed.awaitLog(clientLog, "Initialization Sequence Completed", client, 40_000);
      assertEquals(
          0,
          Sh.tryNs(bed.client, "ping", "-c", "2", "-W", "2", "10.8.0.1").exit(),
          "the gateway's tunnel address answers through the tunnel");
      Testbed.stop(client, 5000);
      assertTrue(Testbed.stop(gw, 5000), "demo exits within 5 s of SIGTERM");

      // second start reuses the PKI and profile
      byte[] before = Files.readAllBytes(profile);
      Process again =
          bed.start(
              bed.gateway,
              bed.dir.resolve("demo2.log"),
              java,
              "--enable-native-access=ALL-UNNAMED",
              "-jar",
              jar.toString(),
              "demo",
              "--data-dir",
              data.toString(),
              "--public-address",
              Testbed.GW_IP);
      bed.awaitListening("udp", 1194, again, bed.dir.resolve("demo2.log"));
      assertTrue(
          Arrays.equals(before, Files.readAllBytes(profile)),
          "the profile is reused, not regenerated");
      assertTrue(Testbed.stop(again, 5000));
    }
  }
}
