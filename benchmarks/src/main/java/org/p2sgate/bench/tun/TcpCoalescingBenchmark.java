package org.p2sgate.bench.tun;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.p2sgate.bench.AbstractBenchmark;
import org.p2sgate.tun.offload.TcpCoalescing;

/**
 * Planning one TUN write batch: {@code segments} in-order TCP/IPv4 segments of one flow with {@code
 * payload} bytes each, as the tunnel delivers a bulk upload. The plan checks every segment's TCP
 * checksum (a corrupt segment must not hide inside a coalesced packet), so this measures that check
 * too. Set-up fails unless the whole batch plans as one group.
 */
@State(Scope.Thread)
public class TcpCoalescingBenchmark extends AbstractBenchmark {
  @Param({"64"})
  public int segments;

  @Param({"1348"})
  public int payload;

  private final TcpCoalescing plan = new TcpCoalescing();
  private byte[][] bufs;
  private int[] sizes;

  @Setup
  public void setUp() {
    bufs = new byte[segments][];
    sizes = new int[segments];
    for (int i = 0; i < segments; i++) {
      bufs[i] = segment(1000 + i, 5000L + (long) i * payload, payload);
      sizes[i] = bufs[i].length;
    }
    int limit = Math.min(segments, (65_535 - 40) / payload); // one header, then the payloads
    plan.plan(bufs, sizes, 0, segments);
    if (plan.segments(0) != limit) {
      throw new IllegalStateException("planned " + plan.segments(0) + " segments, not " + limit);
    }
  }

  @Benchmark
  public int planBatch() {
    plan.plan(bufs, sizes, 0, segments);
    return plan.segments(0);
  }

  /** An IPv4/TCP segment 10.8.0.2:40000 -> 198.18.1.2:5201, ACK, valid checksums. */
  private static byte[] segment(int ipId, long seq, int payload) {
    byte[] b = new byte[40 + payload];
    int total = b.length;
    b[0] = 0x45;
    b[2] = (byte) (total >>> 8);
    b[3] = (byte) total;
    b[4] = (byte) (ipId >>> 8);
    b[5] = (byte) ipId;
    b[6] = 0x40; // don't fragment
    b[8] = 64;
    b[9] = 6;
    byte[] addrs = {10, 8, 0, 2, (byte) 198, 18, 1, 2};
    System.arraycopy(addrs, 0, b, 12, 8);
    put16(b, 10, ~fold(sum(b, 0, 20)) & 0xffff);
    put16(b, 20, 40000);
    put16(b, 22, 5201);
    put16(b, 24, (int) (seq >>> 16));
    put16(b, 26, (int) seq);
    put16(b, 28, 0);
    put16(b, 30, 777);
    b[32] = 0x50; // data offset 5
    b[33] = 0x10; // ACK (a PSH ends a group)
    put16(b, 34, 512);
    for (int i = 40; i < total; i++) {
      b[i] = (byte) (i * 31 + seq);
    }
    long pseudo = sum(b, 12, 8) + 6 + (total - 20);
    put16(b, 36, ~fold(pseudo + sum(b, 20, total - 20)) & 0xffff);
    return b;
  }

  private static long sum(byte[] b, int off, int len) {
    long s = 0;
    for (int i = off; i < off + len; i += 2) {
      s += ((b[i] & 0xff) << 8) | (i + 1 < off + len ? b[i + 1] & 0xff : 0);
    }
    return s;
  }

  private static int fold(long s) {
    while ((s >>> 16) != 0) {
      s = (s & 0xffff) + (s >>> 16);
    }
    return (int) s;
  }

  private static void put16(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 8);
    b[at + 1] = (byte) v;
  }
}
