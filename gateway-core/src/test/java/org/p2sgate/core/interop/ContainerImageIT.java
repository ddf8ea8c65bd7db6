package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The container image ({@code docker/Dockerfile}) as an operator runs it, with podman: built on the
 * local stand-in of the public JRE image, run in the testbed's gateway namespace with only
 * CAP_NET_ADMIN and {@code /dev/net/tun}, as its non-root user. First {@code demo} on an empty
 * volume (the profile it writes there connects, unchanged, with the real openvpn client), then
 * {@code serve} on an operator's gateway.yaml with UDP and TCP on one port: real clients over both
 * move byte-exact echoes to the private host. Also the image's conventions (user, labels, health
 * check, stop signal, volumes, no build tools, no keys in its layers) and its size.
 */
@Tag("netns")
class ContainerImageIT {
  /** The image is kept under this (podman's size: base, JRE, jar); see docker/README.md. */
  static final long MAX_IMAGE_BYTES = 160_000_000L;

  static final String UID = "10001";

  @Test
  void imageRunsTheDemoThenServesRealClientsOverUdpAndTcp() throws Exception {
    Map<String, String> bases = Podman.baseImages();
    try (Testbed bed = new Testbed(1);
        Podman podman = new Podman()) {
      String tag = "localhost/p2sgate:it-" + bed.tag;
      long t0 = System.nanoTime();
      podman.buildGatewayImage(bases.get("JRE"), tag, jarVersion());
      System.out.printf("image built in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      assertConventions(tag);

      Path etc = volume(bed, "etc");
      Path state = volume(bed, "state");
      List<String> options = new ArrayList<>(Podman.gatewayOptions(bed.gateway));
      options.addAll(List.of("-v", etc + ":/etc/p2sgate", "-v", state + ":/var/lib/p2sgate"));
      bed.startEcho();
      bed.start(
          bed.vnet,
          bed.dir.resolve("iperf3.log"),
          "iperf3",
          "-s",
          "-B",
          Testbed.PRIVATE_HOST,
          "-p",
          "5201");

      // 1. the demo on its first run: PKI, gateway.yaml and profile written to the volume
      String demo =
          podman.runDetached(
              "p2s-demo-" + bed.tag,
              options,
              tag,
              List.of("demo", "--public-address", Testbed.GW_IP));
      Path demoLog = bed.dir.resolve("container-demo.log");
      Podman.awaitLog(demo, demoLog, "Client profile: /etc/p2sgate/clients/demo.ovpn", 60_000);
      awaitListening(bed, demo, demoLog, "-Hlnu");
      Path profile = etc.resolve("clients/demo.ovpn");
      assertTrue(
          Files.readString(profile).contains("\nremote " + Testbed.GW_IP + " 1194"),
          Files.readString(profile));
      for (String line : Files.readAllLines(etc.resolve("pki/clients/demo.key"))) {
        bed.secrets.add(line.length() >= 32 && !line.startsWith("-----") ? line : null);
      }
      String status = Podman.ok(30, "podman", "exec", demo, "cat", "/proc/1/status");
      assertTrue(status.contains("\nUid:\t" + UID + "\t"), "runs as p2sgate:\n" + status);
      assertTrue(
          status.contains("\nCapEff:\t0000000000001000\n"), "only CAP_NET_ADMIN:\n" + status);

      Path clientLog = bed.dir.resolve("demo-client.log");
      Process client =
          bed.start(
              bed.client,
              clientLog,
              "openvpn",
              "--config",
              profile.toString(),
              "--verb",
              "4",
              "--route", // the demo pushes no routes: the client adds the private network
              "198.18.1.0",
              "255.255.255.0");
      Testbed.awaitLog(clientLog, "Initialization Sequence Completed", client, 40_000);
      String tunIp =
          Sh.ns(
                  bed.client,
                  "sh",
                  "-c",
                  "ip -4 -o addr show | awk '$4 ~ /^10\\.8\\.0\\./ {split($4,a,\"/\"); print a[1]}'")
              .strip();
      assertEquals(0, Sh.tryNs(bed.client, "ping", "-c", "2", "-W", "2", "10.8.0.1").exit());
      Traffic.echo(bed, tunIp, 200_000);
      Sh.Result health = Podman.run(30, "podman", "healthcheck", "run", demo);
      assertEquals(0, health.exit(), "HEALTHCHECK on /healthz: " + health.output());
      awaitFile(state.resolve("ip-pool.txt"), "demo");
      Testbed.stop(client, 5000);
      long stopMs = Podman.stop(demo, 10);
      Podman.logs(demo, demoLog);
      System.out.printf("demo container stopped by SIGTERM in %d ms%n", stopMs);
      assertTrue(stopMs < 8_000, "stopped within 5 s of SIGTERM (+ podman's own time): " + stopMs);
      assertTrue(Testbed.read(demoLog).contains("Client profile:"), "the how-to is in the log");
      bed.secrets.assertNoneIn(demoLog, bed.dir);

      // 2. serve (the image's default command) on an operator's gateway.yaml: UDP and TCP
      Path conf = volume(bed, "conf");
      writeOperatorConfig(bed, conf);
      List<String> serveOptions = new ArrayList<>(Podman.gatewayOptions(bed.gateway));
      serveOptions.addAll(List.of("-v", conf + ":/etc/p2sgate", "-v", state + ":/var/lib/p2sgate"));
      String serve = podman.runDetached("p2s-serve-" + bed.tag, serveOptions, tag, List.of());
      Path serveLog = bed.dir.resolve("container-serve.log");
      awaitListening(bed, serve, serveLog, "-Hlnu");
      awaitListening(bed, serve, serveLog, "-Hlnt");
      for (String proto : List.of("udp", "tcp")) {
        OpenVpnClient c =
            new OpenVpnClient(bed, 1, proto, "tls-crypt", "client01", List.of()).start().awaitUp();
        Traffic.echo(bed, c.tunnelIp, 1_000_000);
        Traffic.iperfTcpSeconds(bed, c.tunnelIp, 5201, false, 2);
        c.stop();
      }
      assertEquals(0, Podman.run(30, "podman", "healthcheck", "run", serve).exit());
      awaitFile(state.resolve("ip-pool.txt"), "client01");
      Podman.stop(serve, 10);
      String log = Podman.logs(serve, serveLog);
      assertTrue(log.contains("client01"), Testbed.tail(serveLog, 30));
      // the image carries libcrypto 3: the data channel ran on OpenSSL (decision 34)
      assertTrue(log.contains("data channel AEAD: OpenSSL 3"), Testbed.tail(serveLog, 30));
      bed.secrets.assertNoneIn(serveLog, bed.dir);
    }
  }

  /** User, labels, health check, stop signal, volumes, entry point; no build tools or keys. */
  private static void assertConventions(String tag) {
    JsonNode image = Podman.inspect("image", tag);
    long size = image.get("Size").asLong();
    System.out.printf(
        "image %s: %.1f MB (bound %d MB)%n", tag, size / 1e6, MAX_IMAGE_BYTES / 1_000_000);
    assertTrue(size < MAX_IMAGE_BYTES, "image size " + size + " bytes");
    JsonNode config = image.get("Config");
    assertEquals("p2sgate:p2sgate", config.get("User").asText(), config.toString());
    assertEquals("SIGTERM", config.get("StopSignal").asText(), config.toString());
    JsonNode labels = config.get("Labels");
    for (String key : List.of("version", "source", "licenses", "revision", "title")) {
      assertTrue(
          labels.hasNonNull("org.opencontainers.image." + key), "OCI label " + key + ": " + labels);
    }
    assertTrue(
        labels.get("org.opencontainers.image.version").asText().matches("\\d+\\.\\d+\\.\\d+.*"),
        labels.toString());
    JsonNode health = image.get("Healthcheck");
    assertTrue(
        health != null && health.get("Test").toString().contains("/opt/p2sgate/healthcheck"),
        "HEALTHCHECK: " + image);
    assertTrue(config.get("Volumes").has("/etc/p2sgate"), config.toString());
    assertTrue(config.get("Volumes").has("/var/lib/p2sgate"), config.toString());
    assertTrue(
        config.get("Entrypoint").toString().contains("--enable-native-access=ALL-UNNAMED"),
        config.toString());
    assertEquals(
        "[\"serve\",\"--config\",\"/etc/p2sgate/gateway.yaml\"]", config.get("Cmd").toString());
    // the runtime holds a JRE and the jar: no compiler, build tool or downloader, and no keys
    String found =
        Podman.ok(
            60,
            "podman",
            "run",
            "--rm",
            "--network",
            "none",
            "--entrypoint",
            "sh",
            tag,
            "-c",
            "for t in javac jlink jar mvn gradle gcc cc make curl wget; do command -v $t; done;"
                + " find / -xdev \\( -name '*.key' -o -name '*.ovpn' -o -name '*.token'"
                + " -o -name '*.pem' \\) -print; java -version 2>&1 | head -1; true");
    String[] lines = found.strip().split("\n");
    assertEquals(1, lines.length, "build tools or keys in the image:\n" + found);
    assertTrue(lines[0].matches("(openjdk|java) version \"(2[1-9]|[3-9]\\d).*"), lines[0]);
  }

  /** A host folder for a volume, owned by the image's user (as a named volume would be). */
  private static Path volume(Testbed bed, String name) throws Exception {
    Path dir = Files.createDirectories(bed.dir.resolve(name));
    Sh.run("chown", UID + ":" + UID, dir.toString());
    return dir;
  }

  /** gateway.yaml for UDP and TCP on 1194 with the testbed's PKI, paths inside the container. */
  private static void writeOperatorConfig(Testbed bed, Path conf) throws Exception {
    Path pki = Files.createDirectories(conf.resolve("pki"));
    for (String f : List.of("ca.crt", "server.crt", "server.key", "tc.key")) {
      Files.copy(bed.pki.file(f), pki.resolve(f));
    }
    Files.writeString(
        conf.resolve("gateway.yaml"),
        String.join(
            "\n",
            "listen: { port: 1194, proto: udp+tcp }",
            "tun: { name: p2s0, mtu: 1500 }",
            "pool: 10.8.0.0/24",
            "state-dir: /var/lib/p2sgate",
            "push: { routes: [ 198.18.1.0/24 ] }",
            "tls: { ca: pki/ca.crt, cert: pki/server.crt, key: pki/server.key }",
            "tls-crypt: pki/tc.key",
            "admin: { listen: 127.0.0.1:9194, token-file: admin.token }",
            ""));
    Sh.run("chown", "-R", UID + ":" + UID, conf.toString());
    Sh.run("chmod", "0600", pki.resolve("server.key").toString(), pki.resolve("tc.key").toString());
  }

  private static void awaitListening(Testbed bed, String id, Path log, String flag)
      throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      if (!Sh.ns(bed.gateway, "ss", flag, "sport = :1194").isBlank()) {
        return;
      }
      if (!Podman.running(id)) {
        Podman.logs(id, log);
        throw new AssertionError("gateway container exited:\n" + Testbed.tail(log, 40));
      }
      Thread.sleep(200);
    }
    Podman.logs(id, log);
    throw new AssertionError("not listening (" + flag + ") after 60 s:\n" + Testbed.tail(log, 40));
  }

  /** Waits (5 s) for {@code file} to hold {@code text}: state written to the state volume. */
  private static void awaitFile(Path file, String text) throws Exception {
    long deadline = System.currentTimeMillis() + 5_000;
    while (System.currentTimeMillis() < deadline) {
      if (Testbed.read(file).contains(text)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(file + " does not name " + text + ": " + Testbed.read(file));
  }

  /** The version the jar reports ("p2sgate 0.1.0-SNAPSHOT"), for the image's version label. */
  static String jarVersion() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String out =
        Sh.run(
            java,
            "-jar",
            Path.of("target", "p2sgate.jar").toAbsolutePath().toString(),
            "--version");
    return out.lines().findFirst().orElseThrow().replaceFirst("^p2sgate\\s+", "").strip();
  }
}
