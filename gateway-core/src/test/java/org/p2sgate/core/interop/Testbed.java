package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Three hosts in network namespaces that this test creates and removes: a client host, the gateway
 * host and a private-network host.
 *
 * <pre>
 *  client ns               gateway ns                          private ns
 *  openvpn client  --veth--  p2sgate (UDP/TCP 1194)  --veth--  iperf3 / socat echo
 *  198.18.0.2/24     198.18.0.1/24   tun 10.8.0.1/24   198.18.1.1/24     198.18.1.2/24
 *                                     ip_forward=1                route 10.8.0.0/24 via .1.1
 * </pre>
 *
 * Addresses exist only inside these namespaces (198.18.0.0/15 is the benchmarking range); no
 * namespace has a default route. Every process is started as a child and stopped by its handle.
 *
 * <p>{@link #Testbed(int, boolean) With a router}, a fourth namespace sits between client and
 * gateway, for {@link ImpairedRelay} to impair the client's link; the gateway keeps its address:
 *
 * <pre>
 *  client ns                  router ns (ip_forward=1)                  gateway ns
 *  198.18.2.2/24 --veth-- 198.18.2.1/24 (rc)  (rg) 198.18.0.2/24 --veth-- 198.18.0.1/24 ...
 *  route 198.18.0.1/32 via 198.18.2.1                     route 198.18.2.0/24 via 198.18.0.2
 * </pre>
 *
 * The client has a route to the gateway's address only, so the private network is reachable only
 * through the tunnel.
 */
final class Testbed implements AutoCloseable {
  static final String GW_IP = "198.18.0.1";
  static final String PRIVATE_HOST = "198.18.1.2";

  /** The gateway's and the client's IPv6 addresses on their link ({@link #enableIpv6}). */
  static final String GW_IP6 = "fd00:18::1";

  static final String CLIENT_IP6 = "fd00:18::2";

  /** The private-network host's IPv6 address, behind the gateway's fd00:18:1::1. */
  static final String PRIVATE_HOST6 = "fd00:18:1::2";

  /** The IPv6 tunnel network a gateway of {@link #enableIpv6} uses (pool6, server-ipv6). */
  static final String POOL6 = "fd00:8::/64";

  final String tag =
      "p2s" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
  final String client = tag + "c";
  final String gateway = tag + "g";
  final String vnet = tag + "v";

  /** The namespace between client and gateway, or {@code null} without one. */
  final String router;

  /** The router's interfaces toward the client and toward the gateway (with a router). */
  final String routerClientSide = tag + "f";

  final String routerGatewaySide = tag + "h";
  final Path dir;

  /** The secrets of this run, which no gateway log may hold (checked as each gateway stops). */
  final LogSecrets secrets = new LogSecrets();

  final Pki pki;
  private final List<Process> processes = new ArrayList<>();
  private final Thread cleanupHook = new Thread(this::cleanup);

  Testbed(int clients) throws Exception {
    this(clients, false);
  }

  /**
   * @param clients client certificates to make
   * @param routed whether a router namespace sits between client and gateway (see above)
   */
  Testbed(int clients, boolean routed) throws Exception {
    router = routed ? tag + "r" : null;
    if (!"root".equals(System.getProperty("user.name"))) {
      fail("interop tests need root (ip netns, TUN); run them as root, as CI does");
    }
    for (String tool : List.of("openvpn", "ip", "iperf3", "socat", "openssl", "ss", "ethtool")) {
      if (Sh.tryRun("sh", "-c", "command -v " + tool).exit() != 0) {
        fail(tool + " is not installed: run .ci/run or apt-get install it");
      }
    }
    dir = Files.createTempDirectory("p2s-interop-");
    Runtime.getRuntime().addShutdownHook(cleanupHook);
    pki = Pki.create(dir.resolve("pki"), clients);
    for (String ns : namespaces()) {
      Sh.run("ip", "netns", "add", ns);
      Sh.ns(ns, "ip", "link", "set", "lo", "up");
      Sh.ns(ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1");
      Sh.ns(ns, "sysctl", "-qw", "net.ipv4.conf.all.rp_filter=0");
    }
    if (routed) {
      // new devices in the router (the relay's TUNs) must not drop asymmetric routes either
      Sh.ns(router, "sysctl", "-qw", "net.ipv4.conf.default.rp_filter=0");
      Sh.ns(router, "sysctl", "-qw", "net.ipv4.ip_forward=1");
      link(client, tag + "a", "198.18.2.2/24", router, routerClientSide, "198.18.2.1/24");
      link(router, routerGatewaySide, "198.18.0.2/24", gateway, tag + "b", GW_IP + "/24");
      Sh.ns(client, "ip", "route", "add", GW_IP + "/32", "via", "198.18.2.1");
      Sh.ns(gateway, "ip", "route", "add", "198.18.2.0/24", "via", "198.18.0.2");
    } else {
      link(client, tag + "a", "198.18.0.2/24", gateway, tag + "b", GW_IP + "/24");
    }
    link(gateway, tag + "d", "198.18.1.1/24", vnet, tag + "e", PRIVATE_HOST + "/24");
    // checksums on the private side computed and verified in software, as a real NIC and host
    // would: over veth with offloads on, a packet whose TCP checksum is left partial (the
    // gateway's GSO writes to the TUN) is trusted as it is, so a wrong one would go unnoticed
    Sh.ns(gateway, "ethtool", "-K", tag + "d", "tx", "off");
    Sh.ns(vnet, "ethtool", "-K", tag + "e", "rx", "off");
    Sh.ns(gateway, "sysctl", "-qw", "net.ipv4.ip_forward=1");
    Sh.ns(vnet, "ip", "route", "add", "10.8.0.0/24", "via", "198.18.1.1");
  }

  /**
   * Turns IPv6 on in the three namespaces (without a router): ULA addresses on both links as in the
   * IPv4 picture (fd00:18::2 client, fd00:18::1 gateway; fd00:18:1::1 gateway, fd00:18:1::2 private
   * host), forwarding on the gateway, and on the private host a route to the tunnel network {@link
   * #POOL6} via the gateway. Duplicate address detection is off everywhere (also for the TUN
   * devices the tests create later), so addresses are usable at once.
   */
  void enableIpv6() {
    if (router != null) {
      throw new IllegalStateException("IPv6 is set up for the testbed without a router only");
    }
    for (String ns : namespaces()) {
      for (String conf : List.of("all", "default")) {
        Sh.ns(ns, "sysctl", "-qw", "net.ipv6.conf." + conf + ".accept_dad=0");
        Sh.ns(ns, "sysctl", "-qw", "net.ipv6.conf." + conf + ".disable_ipv6=0");
      }
    }
    Sh.ns(client, "ip", "-6", "addr", "add", CLIENT_IP6 + "/64", "dev", tag + "a", "nodad");
    Sh.ns(gateway, "ip", "-6", "addr", "add", GW_IP6 + "/64", "dev", tag + "b", "nodad");
    Sh.ns(gateway, "ip", "-6", "addr", "add", "fd00:18:1::1/64", "dev", tag + "d", "nodad");
    Sh.ns(vnet, "ip", "-6", "addr", "add", PRIVATE_HOST6 + "/64", "dev", tag + "e", "nodad");
    Sh.ns(gateway, "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
    Sh.ns(vnet, "ip", "-6", "route", "add", POOL6, "via", "fd00:18:1::1");
  }

  /** iperf3 servers on {@code port} of the private host's IPv6 address. */
  Process startIperf6(int port) throws IOException {
    return start(
        vnet,
        dir.resolve("iperf6-" + port + ".log"),
        "iperf3",
        "-s",
        "-B",
        PRIVATE_HOST6,
        "-p",
        String.valueOf(port));
  }

  /** A byte echo (socat) on port 7000 of the private host's IPv6 address. */
  Process startEcho6() throws IOException {
    return start(
        vnet,
        dir.resolve("echo6.log"),
        "socat",
        "TCP6-LISTEN:7000,bind=[" + PRIVATE_HOST6 + "],reuseaddr,fork",
        "EXEC:cat");
  }

  /** Namespaces a test added ({@link #namespace}); removed with the others. */
  private final List<String> added = new ArrayList<>();

  private List<String> namespaces() {
    List<String> all =
        new ArrayList<>(
            router == null
                ? List.of(client, gateway, vnet)
                : List.of(client, router, gateway, vnet));
    all.addAll(added);
    return all;
  }

  /** A further namespace {@code tag + suffix}, lo up, removed by {@link #close()}. */
  synchronized String namespace(String suffix) {
    String ns = tag + suffix;
    Sh.run("ip", "netns", "add", ns);
    added.add(ns);
    Sh.ns(ns, "ip", "link", "set", "lo", "up");
    Sh.ns(ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1");
    Sh.ns(ns, "sysctl", "-qw", "net.ipv4.conf.all.rp_filter=0");
    return ns;
  }

  /** A veth pair between two namespaces, addressed and up. */
  static void link(String nsA, String a, String ipA, String nsB, String b, String ipB) {
    Sh.run("ip", "link", "add", a, "netns", nsA, "type", "veth", "peer", "name", b, "netns", nsB);
    Sh.ns(nsA, "ip", "addr", "add", ipA, "dev", a);
    Sh.ns(nsB, "ip", "addr", "add", ipB, "dev", b);
    Sh.ns(nsA, "ip", "link", "set", a, "up");
    Sh.ns(nsB, "ip", "link", "set", b, "up");
  }

  /** TCP segments with a bad checksum that the private-network host received so far. */
  long privateHostChecksumErrors() throws Exception {
    String out = Sh.ns(vnet, "nstat", "-az", "TcpInCsumErrors");
    for (String line : out.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 2 && f[0].equals("TcpInCsumErrors")) {
        return Long.parseLong(f[1]);
      }
    }
    throw new AssertionError("no TcpInCsumErrors in nstat's output: " + out);
  }

  /** Starts {@code cmd} in {@code ns}, output to {@code log}; stopped by {@link #close()}. */
  Process start(String ns, Path log, String... cmd) throws IOException {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    full.addAll(List.of(cmd));
    Process p =
        new ProcessBuilder(full)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Paths.get("/dev/null").toFile()))
            .start();
    processes.add(p);
    return p;
  }

  /** An iperf3 server on {@code port} of the private host, for {@code Traffic.iperf*}. */
  Process startIperf(int port) throws IOException {
    return start(
        vnet,
        dir.resolve("iperf-" + port + ".log"),
        "iperf3",
        "-s",
        "-B",
        PRIVATE_HOST,
        "-p",
        String.valueOf(port));
  }

  /** A byte echo (socat) on port 7000 of the private host, for {@code Traffic.echo}. */
  Process startEcho() throws IOException {
    return start(
        vnet,
        dir.resolve("echo.log"),
        "socat",
        "TCP-LISTEN:7000,bind=" + PRIVATE_HOST + ",reuseaddr,fork",
        "EXEC:cat");
  }

  /**
   * Starts {@code main} of a test class in {@code ns}, on this JVM and class path, with {@code
   * jvmOptions} and {@code args}; output to {@code log}.
   */
  Process startJava(String ns, Path log, List<String> jvmOptions, Class<?> main, List<String> args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(args);
    return start(ns, log, cmd.toArray(String[]::new));
  }

  /** SIGTERM, then SIGKILL after {@code graceMs}; returns whether it ended within the grace. */
  static boolean stop(Process p, long graceMs) {
    if (p == null || !p.isAlive()) {
      return true;
    }
    p.destroy();
    try {
      if (p.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
        return true;
      }
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  /** Waits until {@code text} appears in {@code log}; fails with the log tail otherwise. */
  static void awaitLog(Path log, String text, Process owner, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      if (read(log).contains(text)) {
        return;
      }
      if (owner != null && !owner.isAlive()) {
        Thread.sleep(100);
        if (read(log).contains(text)) {
          return;
        }
        fail("process exited before '" + text + "':\n" + tail(log, 40));
      }
      Thread.sleep(50);
    }
    fail("no '" + text + "' after " + timeoutMs + " ms:\n" + tail(log, 40));
  }

  static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  static String tail(Path log, int lines) throws IOException {
    List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /** Waits for a listening socket on {@code port} in the gateway namespace. */
  void awaitListening(String proto, int port, Process gw, Path log) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    String flag = proto.equals("tcp") ? "-Hlnt" : "-Hlnu";
    while (System.currentTimeMillis() < deadline) {
      if (!Sh.ns(gateway, "ss", flag, "sport = :" + port).isBlank()) {
        return;
      }
      if (!gw.isAlive()) {
        fail("gateway exited during start-up:\n" + tail(log, 40));
      }
      Thread.sleep(100);
    }
    fail("gateway not listening after 30 s:\n" + tail(log, 40));
  }

  @Override
  public void close() {
    cleanup();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanupHook);
    } catch (IllegalStateException ignored) {
      // JVM already shutting down
    }
  }

  private synchronized void cleanup() {
    for (Process p : processes) {
      stop(p, 3000);
    }
    processes.clear();
    for (String ns : namespaces()) {
      Sh.tryRun("ip", "netns", "del", ns);
    }
    // failures quote the log tails they need; P2S_KEEP_LOGS=1 keeps everything for debugging
    if (System.getenv("P2S_KEEP_LOGS") == null && dir != null) {
      Sh.tryRun("rm", "-rf", dir.toString());
    }
  }
}
