package org.p2sgate.core.server;

import java.io.IOException;
import org.p2sgate.tun.TunDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads batches of IP packets from the TUN device and hands each batch to the event loop, which
 * routes, seals and sends them. The loop owns a delivered buffer afterwards; the reader replaces
 * only the buffers it handed over.
 */
final class TunReader implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(TunReader.class);

  /** Headroom for the data-channel header and a framing byte, word aligned. */
  static final int HEADROOM = 32;

  /** Tailroom for the AEAD tag. */
  static final int TAILROOM = 16;

  private final TunDevice tun;
  private final GatewayServer server;

  TunReader(TunDevice tun, GatewayServer server) {
    this.tun = tun;
    this.server = server;
  }

  @Override
  public void run() {
    int batch = Math.max(1, tun.batchSize());
    int size = HEADROOM + tun.mtu() + TAILROOM;
    byte[][] bufs = new byte[batch][size];
    while (true) {
      int[] sizes = new int[batch];
      int n;
      try {
        n = tun.read(bufs, sizes, HEADROOM);
      } catch (IOException e) {
        log.warn("TUN read failed, stopping the reader: {}", e.getMessage());
        return;
      }
      if (n < 0) {
        return;
      }
      // hand the n filled buffers to the loop; only those are replaced
      byte[][] handed = new byte[n][];
      for (int i = 0; i < n; i++) {
        handed[i] = bufs[i];
        bufs[i] = new byte[size];
      }
      try {
        int count = n;
        server.loop().execute(() -> deliver(handed, sizes, count));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        return; // shutting down
      }
    }
  }

  private void deliver(byte[][] bufs, int[] sizes, int n) {
    long now = server.now();
    for (int i = 0; i < n; i++) {
      server.sessions().onTunPacket(bufs[i], HEADROOM, sizes[i], now, server.outbox());
    }
    server.outbox().flush();
  }
}
