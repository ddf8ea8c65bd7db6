package org.p2sgate.core.server;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.p2sgate.core.observe.DropCounters;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.tun.TunDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads batches of IP packets from the TUN device and hands each batch to the event loop, which
 * routes, seals and sends them. Stages: read a batch (blocking), hand it over if the loop has room,
 * read into a batch the loop has given back (or a new one while all are out). Batches go round
 * between the two threads, so steady reading makes no new buffers.
 *
 * <p>With several loops (one per shard, decision 35) each packet goes to the loop that owns its
 * destination ({@link Router}): a batch is handed to every loop that has packets in it, each loop
 * takes its own, and the last one to finish gives the batch back.
 *
 * <p>At most {@link #MAX_BATCHES_IN_FLIGHT} batches wait for the loop, so memory stays bounded
 * whatever the private network sends. When they are all out the reader waits for one to come back,
 * and the kernel holds what arrives meanwhile in the device's queue, as it does for OpenVPN, which
 * reads the TUN only when it has room. The reader's next batches are then full ones: a burst costs
 * nothing. Only a loop that gives nothing back for {@link #PATIENCE_MS} (stalled, or stopped) makes
 * the reader drop the batch it holds, counted per packet ({@link DropReason#TUN_HANDOFF_FULL}), and
 * read into its buffers again.
 */
final class TunReader implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(TunReader.class);

  /** Headroom for the data-channel header and a framing byte, word aligned. */
  static final int HEADROOM = 32;

  /** Tailroom for the AEAD tag. */
  static final int TAILROOM = org.p2sgate.core.crypto.AeadLayout.TAILROOM;

  /** Batches handed to the loop and not yet delivered, at most (64 x 64 x 1.5 KB = 6 MB). */
  static final int MAX_BATCHES_IN_FLIGHT = 64;

  /**
   * How long the reader waits for the loop to give a batch back before it drops the one it holds.
   * Dropping a batch in a busy moment loses packets the kernel's queue would have held (the load
   * generator's reverse run lost 1.4% of its packets at 50,000 pps that way, when the reader did
   * not wait); waiting for ever would keep a stopped loop's reader from seeing the device close.
   */
  static final long PATIENCE_MS = 100;

  /**
   * Where a batch goes, on the loop: {@code n} packets at {@code bufs[i][HEADROOM..]}. The buffers
   * are the reader's again once {@code deliver} returns (the gateway's sink flushes its outbox,
   * which copies what it sends), and the reader reads into them again.
   */
  interface Sink {
    void deliver(byte[][] bufs, int[] sizes, int n);
  }

  /** Which loop a packet at {@code buf[off, off+len)} goes to (0 when it is nobody's). */
  interface Router {
    int loopOf(byte[] buf, int off, int len);
  }

  /**
   * A batch of read buffers and their packet sizes, handed to the loops and back: {@code owners}
   * says which loop takes each packet, {@code parts} how many loops have not finished with it.
   */
  private record Batch(byte[][] bufs, int[] sizes, int[] owners, AtomicInteger parts) {
    Batch(int count, int size) {
      this(new byte[count][size], new int[count], new int[count], new AtomicInteger());
    }
  }

  private final TunDevice tun;
  private final Executor[] loops;
  private final Router router;
  private final Sink[] sinks;
  private final DropCounters drops;
  private final Semaphore room = new Semaphore(MAX_BATCHES_IN_FLIGHT);

  /** Each loop's own packets of a batch, gathered on that loop (no new arrays per batch). */
  private final byte[][][] ownBufs;

  private final int[][] ownSizes;

  /** Batches the loop has delivered, to read into again: no new buffer per packet. */
  private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(MAX_BATCHES_IN_FLIGHT + 1);

  /** One loop. */
  TunReader(TunDevice tun, Executor loop, Sink sink, DropCounters drops) {
    this(tun, new Executor[] {loop}, (buf, off, len) -> 0, new Sink[] {sink}, drops);
  }

  /** Several loops, each with its sink; {@code router} picks a packet's loop. */
  TunReader(TunDevice tun, Executor[] loops, Router router, Sink[] sinks, DropCounters drops) {
    if (loops.length != sinks.length || loops.length < 1 || loops.length > 64) {
      throw new IllegalArgumentException("1 to 64 loops, one sink each");
    }
    this.tun = tun;
    this.loops = loops.clone();
    this.router = router;
    this.sinks = sinks.clone();
    this.drops = drops;
    int batch = Math.max(1, tun.batchSize());
    this.ownBufs = new byte[loops.length][batch][];
    this.ownSizes = new int[loops.length][batch];
  }

  @Override
  public void run() {
    int batch = Math.max(1, tun.batchSize());
    int size = HEADROOM + tun.mtu() + TAILROOM;
    Batch b = new Batch(batch, size);
    while (true) {
      int n;
      try {
        n = tun.read(b.bufs(), b.sizes(), HEADROOM);
      } catch (IOException e) {
        log.warn("TUN read failed, stopping the reader: {}", e.getMessage());
        return;
      }
      if (n < 0) {
        return;
      }
      if (n == 0) {
        continue;
      }
      boolean roomForIt;
      try {
        roomForIt = room.tryAcquire() || room.tryAcquire(PATIENCE_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (!roomForIt) {
        for (int i = 0; i < n; i++) {
          drops.count(DropReason.TUN_HANDOFF_FULL);
        }
        continue; // the same buffers are read into again
      }
      if (!handOver(b, n)) {
        return; // shutting down
      }
      Batch again = free.poll();
      b = again != null ? again : new Batch(batch, size);
    }
  }

  /** Hands the first {@code n} packets of {@code b} to their loops; false once they stopped. */
  private boolean handOver(Batch b, int n) {
    long loopsWithPackets = 1;
    if (loops.length > 1) {
      loopsWithPackets = 0;
      for (int i = 0; i < n; i++) {
        int owner = router.loopOf(b.bufs()[i], HEADROOM, b.sizes()[i]);
        b.owners()[i] = owner;
        loopsWithPackets |= 1L << owner;
      }
    }
    b.parts().set(Long.bitCount(loopsWithPackets));
    for (int loop = 0; loop < loops.length; loop++) {
      if ((loopsWithPackets & (1L << loop)) == 0) {
        continue;
      }
      int mine = loop;
      try {
        loops[loop].execute(() -> deliver(b, n, mine));
      } catch (RejectedExecutionException e) {
        return false;
      }
    }
    return true;
  }

  /** On loop {@code loop}: its packets of {@code b}; the last loop done gives the batch back. */
  private void deliver(Batch b, int n, int loop) {
    try {
      if (loops.length == 1) {
        sinks[0].deliver(b.bufs(), b.sizes(), n);
      } else {
        deliverOwn(b, n, loop);
      }
    } finally {
      if (b.parts().decrementAndGet() == 0) {
        free.offer(b);
        room.release();
      }
    }
  }

  /**
   * The packets of {@code b} that are {@code loop}'s, in order, to its sink, gathered in that
   * loop's own arrays (the sink takes a prefix of them).
   */
  private void deliverOwn(Batch b, int n, int loop) {
    byte[][] bufs = ownBufs[loop];
    int[] sizes = ownSizes[loop];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (b.owners()[i] == loop) {
        bufs[k] = b.bufs()[i];
        sizes[k++] = b.sizes()[i];
      }
    }
    sinks[loop].deliver(bufs, sizes, k);
    java.util.Arrays.fill(bufs, 0, k, null);
  }

  /** Batches handed over and not yet delivered (tests). */
  int inFlight() {
    return MAX_BATCHES_IN_FLIGHT - room.availablePermits();
  }
}
