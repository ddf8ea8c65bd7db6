package org.p2sgate.tun.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ChannelTunTest {

  static final int OFFSET = 24;

  final ChannelTun tun = new ChannelTun("t0", 1400, 4);

  static byte[][] buffers(int n, int size) {
    byte[][] b = new byte[n][];
    for (int i = 0; i < n; i++) {
      b[i] = new byte[OFFSET + size];
    }
    return b;
  }

  static byte[] packet(int length, int fill) {
    byte[] p = new byte[length];
    Arrays.fill(p, (byte) fill);
    return p;
  }

  @AfterEach
  void leavesNothingBehind() {
    tun.close();
    assertEquals(0, tun.pendingInjected(), "injected packets nobody read");
    assertTrue(tun.written().isEmpty(), "written packets nobody checked");
  }

  @Test
  void readReturnsInjectedPacketsAfterHeadroomInBatches() throws Exception {
    for (int i = 1; i <= 6; i++) {
      tun.inject(packet(10 * i, i));
    }
    byte[][] bufs = buffers(8, 100);
    int[] sizes = new int[8];
    assertEquals(4, tun.read(bufs, sizes, OFFSET), "batch capped at batchSize");
    for (int i = 0; i < 4; i++) {
      assertEquals(10 * (i + 1), sizes[i]);
      assertEquals(0, bufs[i][OFFSET - 1], "headroom untouched");
      assertArrayEquals(
          packet(sizes[i], i + 1), Arrays.copyOfRange(bufs[i], OFFSET, OFFSET + sizes[i]));
    }
    assertEquals(1, tun.read(new byte[][] {bufs[0]}, sizes, OFFSET), "capped at bufs.length");
    assertEquals(50, sizes[0]);
    assertEquals(1, tun.read(bufs, sizes, OFFSET));
    assertEquals(60, sizes[0]);
  }

  @Test
  void oversizedPacketIsDroppedAndCountedNotTruncated() throws Exception {
    tun.inject(packet(101, 1));
    tun.inject(packet(100, 2));
    byte[][] bufs = buffers(4, 100);
    int[] sizes = new int[4];
    assertEquals(1, tun.read(bufs, sizes, OFFSET));
    assertEquals(100, sizes[0]);
    assertEquals(2, bufs[0][OFFSET]);
    assertEquals(1, tun.droppedPackets());
  }

  @Test
  void readBlocksUntilInjectThenCloseReturnsMinusOne() throws Exception {
    byte[][] bufs = buffers(4, 100);
    int[] sizes = new int[4];
    var first = CompletableFuture.supplyAsync(() -> read(bufs, sizes));
    Thread.sleep(50);
    assertTrue(!first.isDone(), "read returned before anything was injected");
    tun.inject(packet(20, 7));
    assertEquals(1, first.get(2, TimeUnit.SECONDS));

    var second = CompletableFuture.supplyAsync(() -> read(bufs, sizes));
    Thread.sleep(50);
    long start = System.nanoTime();
    tun.close();
    assertEquals(-1, second.get(1, TimeUnit.SECONDS));
    assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500));
    assertEquals(-1, tun.read(bufs, sizes, OFFSET), "stays closed");
    assertThrows(IllegalStateException.class, () -> tun.inject(packet(1, 1)));
  }

  private int read(byte[][] bufs, int[] sizes) {
    try {
      return tun.read(bufs, sizes, OFFSET);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void writeCopiesPacketsWithoutHeadroom() throws Exception {
    byte[][] bufs = buffers(3, 50);
    bufs[0][OFFSET] = 1;
    bufs[1][OFFSET] = 2;
    bufs[2][OFFSET] = 3;
    assertEquals(2, tun.write(bufs, new int[] {5, 6, 7}, OFFSET, 2));
    bufs[0][OFFSET] = 9; // the device owns a copy
    assertEquals(2, tun.written().size());
    byte[] p = tun.takeWritten(Duration.ofSeconds(1));
    assertEquals(5, p.length);
    assertEquals(1, p[0]);
    assertEquals(6, tun.takeWritten(Duration.ofSeconds(1)).length);
    assertNull(tun.takeWritten(Duration.ofMillis(10)));
    assertThrows(IndexOutOfBoundsException.class, () -> tun.write(bufs, new int[] {51}, OFFSET, 1));
  }

  @Test
  void writeAfterCloseFailsAndCloseIsIdempotent() {
    tun.close();
    tun.close();
    assertThrows(
        ClosedChannelException.class, () -> tun.write(buffers(1, 1), new int[] {1}, OFFSET, 1));
  }

  @Test
  void readRejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> tun.read(new byte[0][], new int[0], OFFSET));
    assertThrows(IllegalArgumentException.class, () -> tun.read(buffers(1, 1), new int[1], -1));
  }
}
