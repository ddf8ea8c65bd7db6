package org.p2sgate.core.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real openvpn client in the client namespace: Debian's 2.6 unless {@link
 * #generation(ClientGeneration)} picks the 2.7 build.
 */
final class OpenVpnClient {
  final Testbed bed;
  final String name;
  final Path log;
  final Path conf;
  final String dev;
  final boolean policyRouting;
  private ClientGeneration generation = ClientGeneration.V2_6;
  Process process;
  String tunnelIp;

  /**
   * @param index client certificate number (clientNN), also the tun device suffix
   * @param cert the client certificate's name, or {@code null} for a client without one
   * @param extra extra config lines (data-ciphers, comp-lzo, compat-mode, ...)
   */
  OpenVpnClient(Testbed bed, int index, String proto, String wrap, String cert, List<String> extra)
      throws Exception {
    this.bed = bed;
    this.name = String.format("c%02d-%s", index, cert == null ? "nocert" : cert);
    this.log = bed.dir.resolve("client-" + name + "-" + System.nanoTime() + ".log");
    this.conf = bed.dir.resolve("client-" + name + ".conf");
    this.dev = String.format("tun-c%02d", index);
    this.policyRouting = extra.contains("route-noexec");
    Pki pki = bed.pki;
    List<String> lines =
        new ArrayList<>(
            List.of(
                "client",
                "dev " + dev,
                "dev-type tun",
                "remote " + Testbed.GW_IP + " 1194 " + proto,
                "nobind",
                "ca " + pki.file("ca.crt"),
                "remote-cert-tls server",
                "connect-retry 1 1",
                "disable-dco",
                "verb 4"));
    if (cert != null) {
      lines.add("cert " + pki.file(cert + ".crt"));
      lines.add("key " + pki.file(cert + ".key"));
    }
    switch (wrap) {
      case "tls-crypt" -> lines.add("tls-crypt " + pki.file("tc.key"));
      case "tls-auth" -> lines.add("tls-auth " + pki.file("ta.key") + " 1");
      default -> {}
    }
    if (proto.equals("udp")) {
      lines.add("explicit-exit-notify 1");
    }
    lines.addAll(extra);
    Files.write(conf, lines);
  }

  /**
   * A UDP, tls-crypt client logging in with the username and password in {@code passFile} (two
   * lines), with certificate {@code cert} or none ({@code null}), and {@code more} config lines.
   */
  static OpenVpnClient withPassword(
      Testbed bed, int index, String cert, Path passFile, String... more) throws Exception {
    List<String> lines = Files.readAllLines(passFile);
    if (lines.size() > 1) {
      bed.secrets.add(lines.get(1)); // the password (or token) must never reach the gateway's log
    }
    List<String> extra = new ArrayList<>(List.of("auth-user-pass " + passFile));
    extra.addAll(List.of(more));
    return new OpenVpnClient(bed, index, "udp", "tls-crypt", cert, extra);
  }

  /** Connects to {@code address} instead of the gateway's first address. */
  OpenVpnClient remote(String address) throws Exception {
    Files.writeString(
        conf,
        Files.readString(conf).replace("remote " + Testbed.GW_IP + " ", "remote " + address + " "));
    return this;
  }

  /** Runs this client generation's binary (before {@link #start()}); 2.6 by default. */
  OpenVpnClient generation(ClientGeneration g) {
    this.generation = g;
    return this;
  }

  OpenVpnClient start() throws Exception {
    process = bed.start(bed.client, log, generation.binary(), "--config", conf.toString());
    return this;
  }

  /**
   * Waits for "Initialization Sequence Completed" and a ping through the tunnel; the log must name
   * the client's version as its generation's.
   */
  OpenVpnClient awaitUp() throws Exception {
    return awaitUp(Testbed.PRIVATE_HOST);
  }

  /** As {@link #awaitUp()}, the ping going to {@code pingTarget}. */
  OpenVpnClient awaitUp(String pingTarget) throws Exception {
    Testbed.awaitLog(log, "Initialization Sequence Completed", process, 40_000);
    if (!log().contains(generation.versionPrefix)) {
      throw new AssertionError("not a " + generation + " client:\n" + Testbed.tail(log, 5));
    }
    tunnelIp =
        Sh.ns(
                bed.client,
                "sh",
                "-c",
                "ip -4 -o addr show dev " + dev + " | awk '{split($4,a,\"/\"); print a[1]}'")
            .strip();
    if (policyRouting) {
      int table = 100 + Integer.parseInt(dev.substring(dev.length() - 2));
      Sh.ns(
          bed.client,
          "ip",
          "route",
          "replace",
          "198.18.1.0/24",
          "dev",
          dev,
          "src",
          tunnelIp,
          "table",
          String.valueOf(table));
      Sh.ns(bed.client, "ip", "rule", "add", "from", tunnelIp, "lookup", String.valueOf(table));
    }
    for (int i = 0; i < 10; i++) {
      if (ping(pingTarget)) {
        return this;
      }
    }
    throw new AssertionError(
        "tunnel up but no ping through it from " + tunnelIp + ":\n" + Testbed.tail(log, 30));
  }

  /** Waits until the client has completed {@code n} connections; fails with its log otherwise. */
  void awaitConnections(int n, long timeoutMs) throws Exception {
    String done = "Initialization Sequence Completed";
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline && OpenVpnInteropIT.count(log(), done) < n) {
      Thread.sleep(100);
    }
    if (OpenVpnInteropIT.count(log(), done) < n) {
      throw new AssertionError(
          "not " + n + " connections after " + timeoutMs + " ms:\n" + Testbed.tail(log, 30));
    }
  }

  boolean ping() {
    return ping(Testbed.PRIVATE_HOST);
  }

  /** One ping to {@code host} from the tunnel address, answered within a second. */
  boolean ping(String host) {
    return Sh.tryNs(bed.client, "ping", "-n", "-c", "1", "-W", "1", "-I", tunnelIp, host).exit()
        == 0;
  }

  String log() throws Exception {
    return Testbed.read(log);
  }

  void stop() {
    Testbed.stop(process, 5000);
    if (policyRouting && tunnelIp != null) {
      Sh.tryNs(bed.client, "ip", "rule", "del", "from", tunnelIp);
    }
  }
}
