package org.p2sgate.bench.dataplane;

import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.p2sgate.bench.AbstractBenchmark;
import org.p2sgate.core.crypto.AeadLayout;
import org.p2sgate.core.session.SessionManager;

/**
 * The TUN side with many sessions: each operation sends one packet to a random established session,
 * the destinations drawn in advance ({@value #DESTINATIONS} of them, seeded), so the lookup and the
 * session state it reaches are as cold as the number of sessions makes them.
 *
 * <p>Run (after {@code mvn -pl benchmarks -am package -DskipTests}):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RouteLookupBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar RouteLookupBenchmark -p sessions=10000
 * </pre>
 *
 * Set-up logs every session in through a full TLS handshake with the test fixtures' OpenVPN client
 * ({@link InMemoryGateway}); with 10,000 sessions that took 37 to 84 s per fork on the shared
 * 2-core machine of 2026-12-02 (about 4 to 8 ms of CPU per handshake, both sides), and the heap is
 * raised to 2 GB for it. {@code -p sessions=10,100,1000} skips it.
 *
 * <ul>
 *   <li>{@link #lookup}: the route lookup alone, {@code SessionManager.byTunnelAddress}, the map
 *       {@code onTunPacket} consults.
 *   <li>{@link #onTunPacket}: the whole TUN-side path for a {@value #SIZE}-byte packet (route, seal
 *       with that session's key, {@code Outbox.toPeer}); the destination is written into the inner
 *       header before each call, and the header restored, as the previous call encrypted it.
 * </ul>
 */
@State(Scope.Thread)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class RouteLookupBenchmark extends AbstractBenchmark {
  private static final int DESTINATIONS = 1 << 16;
  private static final int SIZE = 64;
  private static final int REMOTE = Ipv4Udp.parse("192.0.2.1");

  @Param({"10", "100", "1000", "10000"})
  public int sessions;

  @Param({"AES-128-GCM"})
  public String cipher;

  private InMemoryGateway gw;
  private SessionManager manager;
  private final int[] destinations = new int[DESTINATIONS];
  private final CountingOutbox sink = new CountingOutbox();
  private byte[] buf;
  private byte[] header;
  private int next;
  private long ops;

  @Setup(Level.Trial)
  public void setUp() {
    gw = InMemoryGateway.establish(cipher, sessions);
    System.out.printf("%n%d sessions established in %d ms%n", sessions, gw.setupMillis);
    manager = gw.sessions;
    Random rnd = new Random(1);
    for (int i = 0; i < DESTINATIONS; i++) {
      destinations[i] = gw.tunnelAddress[rnd.nextInt(sessions)];
    }
    buf = new byte[ForwardingBenchmark.HEADROOM + SIZE + AeadLayout.TAG_LENGTH];
    Ipv4Udp.write(buf, ForwardingBenchmark.HEADROOM, SIZE, REMOTE, destinations[0]);
    header =
        java.util.Arrays.copyOfRange(
            buf, ForwardingBenchmark.HEADROOM, ForwardingBenchmark.HEADROOM + Ipv4Udp.HEADERS);
  }

  @Benchmark
  public Object lookup() {
    return manager.byTunnelAddress(destinations[next++ & (DESTINATIONS - 1)]);
  }

  @Benchmark
  public long onTunPacket() {
    int dst = destinations[next++ & (DESTINATIONS - 1)];
    ops++;
    System.arraycopy(header, 0, buf, ForwardingBenchmark.HEADROOM, Ipv4Udp.HEADERS);
    Ipv4Udp.putInt(buf, ForwardingBenchmark.HEADROOM + 16, dst); // header checksum not redone
    manager.onTunPacket(buf, ForwardingBenchmark.HEADROOM, SIZE, gw.now, sink);
    return sink.peerBytes;
  }

  @TearDown(Level.Trial)
  public void check() {
    if (!gw.ctx.drops().snapshot().isEmpty() || sink.peerPackets != ops) {
      throw new IllegalStateException(
          sink.peerPackets + " of " + ops + " sent, drops " + gw.ctx.drops().snapshot());
    }
  }
}
