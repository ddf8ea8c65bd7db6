package org.p2sgate.bench.dataplane;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.p2sgate.bench.AbstractBenchmark;
import org.p2sgate.core.crypto.AeadLayout;
import org.p2sgate.core.session.SessionManager;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;

/**
 * The gateway's whole per-packet forwarding path, both ways, with no socket and no thread: {@link
 * SessionManager#onPacket} and {@link SessionManager#onTunPacket} of a gateway with {@value
 * #SESSIONS} sessions established by the test fixtures' OpenVPN client ({@link InMemoryGateway}),
 * packets taken round-robin over the sessions, output counted by a {@link CountingOutbox}.
 *
 * <p>Run (after {@code mvn -pl benchmarks -am package -DskipTests}):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ForwardingBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar ForwardingBenchmark.gatewayToClient -p size=1420
 * </pre>
 *
 * Read {@code gc.alloc.rate.norm} (bytes per operation) next to the time; one operation is one
 * packet. Set-up logs {@value #SESSIONS} clients in through full handshakes (about a second).
 *
 * <ul>
 *   <li>{@link #gatewayToClient}: an IPv4/UDP packet of {@code size} bytes from the TUN side: IPv4
 *       check, route (tunnel address to session), send-key choice, MSS clamp check, seal in place
 *       (P_DATA_V2), {@code Outbox.toPeer}. The inner IP and UDP headers (28 bytes) are copied back
 *       into the buffer first, because the previous operation encrypted them.
 *   <li>{@link #clientToGateway}: the client seals the next packet (a fresh packet id each time, so
 *       the replay window accepts it) into its reused buffer, then the gateway takes it: opcode,
 *       peer-id lookup, peer check, open in place with the replay window, inner IPv4 and anti-spoof
 *       source check, MSS clamp check, {@code Outbox.toTun}.
 *   <li>{@link #clientSeal}: the client's seal alone. The gateway's receive path is {@code
 *       clientToGateway - clientSeal}.
 * </ul>
 *
 * <p>Why the client seals inside the measured operation: every packet needs a packet id the replay
 * window has not seen, and the gateway opens it in place, so a packet cannot be fed twice. A ring
 * of pre-sealed packets runs out within milliseconds (millions of operations per iteration), and
 * sealing in a {@code @Setup(Level.Invocation)} adds JMH's per-invocation timestamps to a
 * sub-microsecond operation. Sealing in place costs the same code path as the gateway's own seal
 * ({@code DataSealer}, no copy, no allocation: {@link TestOpenVpnClient#sealIpInPlace}), and the
 * open leaves the plaintext where the next seal reads it. The subtraction is exact only on average:
 * the two runs are separate JIT compilations, so treat the derived figure as rough (tens of
 * nanoseconds).
 */
@State(Scope.Thread)
public class ForwardingBenchmark extends AbstractBenchmark {
  /** Sessions the packets go round-robin over (a power of two). */
  static final int SESSIONS = 16;

  /** What the gateway needs before an IP packet from TUN: P_DATA_V2 header + framing byte. */
  static final int HEADROOM = AeadLayout.V2_OVERHEAD + 1;

  /** Peer-side address of the inner packets (TEST-NET-1, outside the pool). */
  private static final int REMOTE = Ipv4Udp.parse("192.0.2.1");

  @Param({"AES-128-GCM", "AES-256-GCM", "CHACHA20-POLY1305"})
  public String cipher;

  /** Inner IP packet size in bytes. */
  @Param({"64", "512", "1420"})
  public int size;

  /**
   * {@code open}: no access groups (the allow-list check is one field test); {@code rules8}: one
   * group whose eight allow rules match the destination only at the last.
   */
  @Param({"open"})
  public String access;

  private InMemoryGateway gw;
  private SessionManager sessions;
  private TestOpenVpnClient[] clients;
  private TestPeer[] peers;
  private long now;
  private final CountingOutbox sink = new CountingOutbox();

  /** Per session: client-to-gateway buffers (header, plaintext, tag room). */
  private byte[][] rx;

  /** Per session: TUN-side buffers (headroom, IP packet, tag room) and their pristine headers. */
  private byte[][] tx;

  private byte[][] txHeaders;
  private int next;
  private long ops;

  @Setup(Level.Trial)
  public void setUp() {
    gw = InMemoryGateway.establish(cipher, SESSIONS, policy(access));
    sessions = gw.sessions;
    clients = gw.clients;
    peers = gw.peers;
    now = gw.now;
    rx = new byte[SESSIONS][];
    tx = new byte[SESSIONS][];
    txHeaders = new byte[SESSIONS][];
    for (int i = 0; i < SESSIONS; i++) {
      rx[i] = new byte[AeadLayout.V2_OVERHEAD + size + AeadLayout.TAG_LENGTH];
      Ipv4Udp.write(rx[i], AeadLayout.V2_OVERHEAD, size, gw.tunnelAddress[i], REMOTE);
      tx[i] = new byte[HEADROOM + size + AeadLayout.TAG_LENGTH];
      Ipv4Udp.write(tx[i], HEADROOM, size, REMOTE, gw.tunnelAddress[i]);
      txHeaders[i] = java.util.Arrays.copyOfRange(tx[i], HEADROOM, HEADROOM + Ipv4Udp.HEADERS);
    }
  }

  private static org.p2sgate.core.config.AccessPolicy policy(String name) {
    if (name.equals("open")) {
      return org.p2sgate.core.config.AccessPolicy.OPEN;
    }
    java.util.List<org.p2sgate.core.routing.AllowRule> rules = new java.util.ArrayList<>();
    for (int i = 0; i < 7; i++) {
      rules.add(org.p2sgate.core.routing.AllowRule.network(Ipv4Udp.parse("10.20." + i + ".0"), 24));
    }
    rules.add(org.p2sgate.core.routing.AllowRule.network(REMOTE, 32));
    return new org.p2sgate.core.config.AccessPolicy(
        java.util.List.of(
            new org.p2sgate.core.config.AccessGroup(
                "bench",
                java.util.Set.of(InMemoryGateway.BENCH_GROUP),
                java.util.List.of(),
                rules)),
        false);
  }

  @Benchmark
  public long gatewayToClient() {
    int i = next++ & (SESSIONS - 1);
    ops++;
    System.arraycopy(txHeaders[i], 0, tx[i], HEADROOM, Ipv4Udp.HEADERS);
    sessions.onTunPacket(tx[i], HEADROOM, size, now, sink);
    return sink.peerBytes;
  }

  @Benchmark
  public long clientToGateway() {
    int i = next++ & (SESSIONS - 1);
    ops++;
    int len = clients[i].sealIpInPlace(rx[i], 0, size);
    sessions.onPacket(peers[i], rx[i], 0, len, now, sink);
    return sink.tunBytes;
  }

  @Benchmark
  public int clientSeal() {
    int i = next++ & (SESSIONS - 1);
    return clients[i].sealIpInPlace(rx[i], 0, size);
  }

  /** Fails the run if a packet was dropped or went missing: the figures would mean nothing. */
  @TearDown(Level.Trial)
  public void check() {
    if (!gw.ctx.drops().snapshot().isEmpty()) {
      throw new IllegalStateException("drops: " + gw.ctx.drops().snapshot());
    }
    long delivered = sink.peerPackets + sink.tunPackets;
    if (delivered != ops) {
      throw new IllegalStateException(delivered + " packets delivered of " + ops);
    }
  }
}
