package org.p2sgate.bench.loadgen;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The load generator's command line, {@code --name value} pairs, checked and bounded.
 *
 * @param mode connect, handshakes or bulk
 * @param server the OpenVPN server's UDP address
 * @param pki a {@code pki.sh} folder
 * @param cipher the only data cipher offered (IV_CIPHERS)
 * @param sessions sessions to bring up (connect, bulk)
 * @param concurrency handshakes in flight at once
 * @param seconds how long the measured phase lasts (hold, handshakes, traffic)
 * @param warmupSeconds handshakes mode: a phase before, not counted
 * @param maxHandshakes handshakes mode: stop after this many
 * @param handshakeTimeoutMs a handshake not done by then counts as failed
 * @param size bulk: inner IP packet size in bytes, at most {@link #MAX_SIZE}
 * @param pps bulk: offered packets per second, all sessions together
 * @param dir bulk: fwd (client to private network), rev, or echo
 * @param target bulk: the reflector's address in the private network
 * @param label names the server in the result line
 * @param sourceBase the first /24 of the source addresses ({@link SourceAddresses})
 * @param sources how many source addresses; 0 binds to the wildcard (one address)
 * @param readyFile connect: written once every session is up or failed, before the hold (so that a
 *     script can measure the server holding them); handshakes: written when the counted window
 *     starts; {@code null} for none
 */
record Options(
    String mode,
    InetSocketAddress server,
    Path pki,
    String cipher,
    int sessions,
    int concurrency,
    int seconds,
    int warmupSeconds,
    int maxHandshakes,
    int handshakeTimeoutMs,
    int size,
    int pps,
    String dir,
    String target,
    String label,
    String sourceBase,
    int sources,
    Path readyFile) {

  static final Set<String> MODES = Set.of("connect", "handshakes", "bulk");
  static final Set<String> DIRS = Set.of("fwd", "rev", "echo");

  /** Hard caps, whatever the command line says. */
  static final int MAX_SESSIONS = 16_384;

  static final int MAX_SECONDS = 600;
  static final int MAX_PPS = 1_000_000;

  /**
   * The largest inner packet whose P_DATA_V2 datagram (24 bytes more, plus IPv4 and UDP headers)
   * fits the testbed's 1500-byte links unfragmented.
   */
  static final int MAX_SIZE = 1500 - 20 - 8 - 24;

  Options {
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException("--mode must be one of " + MODES + ", got " + mode);
    }
    if (!DIRS.contains(dir)) {
      throw new IllegalArgumentException("--dir must be one of " + DIRS + ", got " + dir);
    }
    check("--sessions", sessions, 1, MAX_SESSIONS);
    check("--concurrency", concurrency, 1, MAX_SESSIONS);
    check("--seconds", seconds, 1, MAX_SECONDS);
    check("--warmup", warmupSeconds, 0, MAX_SECONDS);
    check("--max-handshakes", maxHandshakes, 1, 10_000_000);
    check("--handshake-timeout-ms", handshakeTimeoutMs, 100, 120_000);
    check("--size", size, Probe.MIN_IP_SIZE, MAX_SIZE);
    check("--pps", pps, 1, MAX_PPS);
    check("--sources", sources, 0, 65_536);
    Probe.ipv4(sourceBase);
  }

  private static void check(String name, int v, int min, int max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + v);
    }
  }

  /** Parses {@code --name value} pairs; unknown names are an error. */
  static Options parse(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value, got " + args[i]);
      }
      m.put(args[i].substring(2), args[++i]);
    }
    Map<String, String> d = new HashMap<>(m);
    Options o =
        new Options(
            take(d, "mode", "connect"),
            address(take(d, "server", "198.18.0.1:1194")),
            Path.of(take(d, "pki", "/tmp/loadgen-bench/pki")),
            take(d, "cipher", "AES-256-GCM"),
            Integer.parseInt(take(d, "sessions", "10")),
            Integer.parseInt(take(d, "concurrency", "16")),
            Integer.parseInt(take(d, "seconds", "10")),
            Integer.parseInt(take(d, "warmup", "3")),
            Integer.parseInt(take(d, "max-handshakes", "100000")),
            Integer.parseInt(take(d, "handshake-timeout-ms", "15000")),
            Integer.parseInt(take(d, "size", "1400")),
            Integer.parseInt(take(d, "pps", "20000")),
            take(d, "dir", "fwd"),
            take(d, "target", "198.18.1.2"),
            take(d, "label", "server"),
            take(d, "source-base", "198.19.0.0"),
            Integer.parseInt(take(d, "sources", "0")),
            d.containsKey("ready-file") ? Path.of(take(d, "ready-file", "")) : null);
    if (!d.isEmpty()) {
      throw new IllegalArgumentException("unknown options: " + d.keySet());
    }
    return o;
  }

  private static String take(Map<String, String> m, String k, String dflt) {
    String v = m.remove(k);
    return v == null ? dflt : v;
  }

  private static InetSocketAddress address(String hostPort) {
    int c = hostPort.lastIndexOf(':');
    if (c < 0) {
      throw new IllegalArgumentException("--server wants HOST:PORT, got " + hostPort);
    }
    return new InetSocketAddress(
        hostPort.substring(0, c), Integer.parseInt(hostPort.substring(c + 1)));
  }
}
