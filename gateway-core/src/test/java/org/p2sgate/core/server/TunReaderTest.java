package org.p2sgate.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.observe.DropCounters;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.tun.testing.ChannelTun;

/**
 * The TUN reader hands batches to the event loop only while fewer than 64 wait: a loop that falls
 * behind for a moment makes the reader wait (the kernel queues meanwhile), and one that stalls
 * costs counted drops, never memory.
 */
class TunReaderTest {

  @Test
  void aStalledLoopBoundsTheBatchesInFlightAndCountsWhatItDrops() throws Exception {
    ChannelTun tun = new ChannelTun("t0", 1500, 1);
    Queue<Runnable> stalled = new ArrayDeque<>(); // the loop never runs what it is given
    AtomicInteger delivered = new AtomicInteger();
    DropCounters drops = new DropCounters();
    TunReader reader =
        new TunReader(tun, stalled::add, (bufs, sizes, n) -> delivered.addAndGet(n), drops);
    Thread t = new Thread(reader, "tun-reader-test");
    t.start();
    int packets = TunReader.MAX_BATCHES_IN_FLIGHT + 3; // each extra one waits PATIENCE_MS
    for (int i = 0; i < packets; i++) {
      tun.inject(new byte[] {0x45, 0, 0, 20});
    }
    long deadline = System.currentTimeMillis() + 10_000;
    while ((tun.pendingInjected() > 0 || drops.get(DropReason.TUN_HANDOFF_FULL) < 3)
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(TunReader.PATIENCE_MS + 50); // nothing more is dropped, nor handed over
    assertEquals(TunReader.MAX_BATCHES_IN_FLIGHT, stalled.size(), "batches waiting are bounded");
    assertEquals(3, drops.get(DropReason.TUN_HANDOFF_FULL));

    // the loop catches up: what waited is delivered, and the reader hands over again
    while (!stalled.isEmpty()) {
      stalled.poll().run();
    }
    assertEquals(TunReader.MAX_BATCHES_IN_FLIGHT, delivered.get());
    assertEquals(0, reader.inFlight());
    tun.inject(new byte[] {0x45, 0, 0, 20});
    deadline = System.currentTimeMillis() + 5_000;
    while (stalled.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(!stalled.isEmpty(), "handed over again");
    tun.close();
    t.join(5_000);
  }

  @Test
  void aLoopThatCatchesUpWithinThePatienceLosesNothing() throws Exception {
    ChannelTun tun = new ChannelTun("t2", 1500, 1);
    java.util.concurrent.BlockingQueue<Runnable> behind =
        new java.util.concurrent.LinkedBlockingQueue<>();
    AtomicInteger delivered = new AtomicInteger();
    DropCounters drops = new DropCounters();
    TunReader reader =
        new TunReader(tun, behind::add, (bufs, sizes, n) -> delivered.addAndGet(n), drops);
    Thread t = new Thread(reader, "tun-reader-behind");
    t.start();
    int packets = TunReader.MAX_BATCHES_IN_FLIGHT * 3;
    for (int i = 0; i < packets; i++) {
      tun.inject(new byte[] {0x45, 0, 0, 20});
    }
    // the loop runs what it was given in bursts, a fifth of the patience apart
    long deadline = System.currentTimeMillis() + 10_000;
    while (delivered.get() < packets && System.currentTimeMillis() < deadline) {
      Thread.sleep(TunReader.PATIENCE_MS / 5);
      for (Runnable r; (r = behind.poll()) != null; ) {
        r.run();
      }
    }
    assertEquals(packets, delivered.get());
    assertEquals(0, drops.get(DropReason.TUN_HANDOFF_FULL), "a loop behind for a moment");
    tun.close();
    t.join(5_000);
  }

  @Test
  void deliveredBuffersAreReadIntoAgainAndCarryEachPacketIntact() throws Exception {
    ChannelTun tun = new ChannelTun("t1", 1500, 1);
    java.util.Set<byte[]> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    AtomicInteger delivered = new AtomicInteger();
    AtomicInteger wrong = new AtomicInteger();
    TunReader reader =
        new TunReader(
            tun,
            Runnable::run, // a loop that keeps up: each batch delivered at once
            (bufs, sizes, n) -> {
              for (int i = 0; i < n; i++) {
                seen.add(bufs[i]);
                int k = delivered.getAndIncrement();
                if (sizes[i] != 8 || bufs[i][TunReader.HEADROOM + 7] != (byte) k) {
                  wrong.incrementAndGet();
                }
              }
            },
            new DropCounters());
    Thread t = new Thread(reader, "tun-reader-reuse");
    t.start();
    for (int i = 0; i < 500; i++) {
      tun.inject(new byte[] {0x45, 0, 0, 8, 0, 0, 0, (byte) i});
    }
    long deadline = System.currentTimeMillis() + 10_000;
    while (delivered.get() < 500 && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    tun.close();
    t.join(5_000);
    assertEquals(500, delivered.get());
    assertEquals(0, wrong.get(), "a packet changed or was mixed up with another");
    assertTrue(seen.size() <= 2, "buffers made: " + seen.size());
  }
}
