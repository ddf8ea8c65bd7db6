package org.p2sgate.core.transport;

import java.io.IOException;
import org.p2sgate.tun.TunDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IP packets for the TUN device gathered by reference and written with one {@link TunDevice#write}
 * call per run of packets at the same offset (at most {@link #MAX} per call). The caller's buffers
 * must stay unchanged until {@link #flush}. Event loop only.
 *
 * <p>{@code LinuxTun} still makes one write(2) per packet (a TUN device takes one packet per write
 * unless it is opened with IFF_VNET_HDR and GSO): the batch saves a lock and a call per packet, not
 * a syscall.
 */
final class TunBatch {
  private static final Logger log = LoggerFactory.getLogger(TunBatch.class);

  static final int MAX = 64;

  private final TunDevice tun;
  private final byte[][] bufs = new byte[MAX][];
  private final int[] sizes = new int[MAX];
  private int count;
  private int offset;

  TunBatch(TunDevice tun) {
    this.tun = tun;
  }

  void add(byte[] buf, int off, int len) {
    if (count > 0 && (off != offset || count == MAX)) {
      flush();
    }
    if (count == 0) {
      offset = off;
    }
    bufs[count] = buf;
    sizes[count++] = len;
  }

  void flush() {
    if (count == 0) {
      return;
    }
    try {
      tun.write(bufs, sizes, offset, count);
    } catch (IOException e) {
      log.warn("TUN write failed: {}", e.getMessage());
    } finally {
      java.util.Arrays.fill(bufs, 0, count, null);
      count = 0;
    }
  }
}
