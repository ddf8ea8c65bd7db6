package org.p2sgate.core.server;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
 * <p>At most {@link #MAX_BATCHES_IN_FLIGHT} batches wait for the loop: when it falls behind, a
 * batch is dropped and counted ({@link DropReason#TUN_HANDOFF_FULL}, per packet) and its buffers
 * are read into again, so memory stays bounded whatever the private network sends.
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
   * Where a batch goes, on the loop: {@code n} packets at {@code bufs[i][HEADROOM..]}. The buffers
   * are the reader's again once {@code deliver} returns (the gateway's sink flushes its outbox,
   * which copies what it sends), and the reader reads into them again.
   */
  interface Sink {
    void deliver(byte[][] bufs, int[] sizes, int n);
  }

  /** A batch of read buffers and their packet sizes, handed to the loop and back. */
  private record Batch(byte[][] bufs, int[] sizes) {}

  private final TunDevice tun;
  private final Executor loop;
  private final Sink sink;
  private final DropCounters drops;
  private final AtomicInteger inFlight = new AtomicInteger();

  /** Batches the loop has delivered, to read into again: no new buffer per packet. */
  private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(MAX_BATCHES_IN_FLIGHT + 1);

  TunReader(TunDevice tun, Executor loop, Sink sink, DropCounters drops) {
    this.tun = tun;
    this.loop = loop;
    this.sink = sink;
    this.drops = drops;
  }

  @Override
  public void run() {
    int batch = Math.max(1, tun.batchSize());
    int size = HEADROOM + tun.mtu() + TAILROOM;
    Batch b = new Batch(new byte[batch][size], new int[batch]);
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
      if (inFlight.get() >= MAX_BATCHES_IN_FLIGHT) {
        for (int i = 0; i < n; i++) {
          drops.count(DropReason.TUN_HANDOFF_FULL);
        }
        continue; // the same buffers are read into again
      }
      Batch handed = b;
      inFlight.incrementAndGet();
      try {
        int count = n;
        loop.execute(
            () -> {
              try {
                sink.deliver(handed.bufs(), handed.sizes(), count);
              } finally {
                inFlight.decrementAndGet();
                free.offer(handed);
              }
            });
      } catch (RejectedExecutionException e) {
        return; // shutting down
      }
      Batch again = free.poll();
      b = again != null ? again : new Batch(new byte[batch][size], new int[batch]);
    }
  }

  /** Batches handed over and not yet delivered (tests). */
  int inFlight() {
    return inFlight.get();
  }
}
