package org.p2sgate.tun.offload;

import java.util.Arrays;

/**
 * Plans which packets of a batch bound for the TUN device travel together: consecutive TCP segments
 * of one flow, in order, that the kernel's GSO would cut back into the very same segments, become
 * one group; everything else stays alone. The rules are those of the kernel's own receive
 * coalescing (tcp_gro_receive), kept strict:
 *
 * <ul>
 *   <li>IPv4 without options, not a fragment, total length equal to the packet's length;
 *   <li>TCP flags ACK, or ACK|PSH on the last segment of a group; a payload;
 *   <li>the same addresses, ports, TOS, DF, TTL, header length, acknowledgement number, window and
 *       options as the group's first segment, the sequence number that follows its last one, and
 *       the IP identification after its last one (the kernel counts it up again as it cuts; a
 *       sender with random identifications simply gets no coalescing);
 *   <li>every segment as long as the first (the gso size), except a shorter last one;
 *   <li>a correct TCP checksum on every segment (the kernel recomputes it for the group, which must
 *       not turn a corrupt segment into a valid one);
 *   <li>at most {@link #MAX_SEGMENTS} segments and 65,535 bytes.
 * </ul>
 *
 * A packet of a flow that cannot join (a SYN, a FIN, a retransmission) ends that flow's group, so
 * each flow's packets keep their order; groups are written at the place of their first packet.
 * Reusable, not thread safe.
 */
public final class TcpCoalescing {
  /** Segments in one group, at most. */
  public static final int MAX_SEGMENTS = 64;

  static final int MAX_TOTAL = 65535;
  static final int ACK = 0x10;
  static final int PSH = 0x08;

  private int[] next = new int[0];
  private int[] tail = new int[0];
  private int[] segments = new int[0];
  private int[] gsoSize = new int[0];
  private int[] total = new int[0];
  private long[] nextSeq = new long[0];
  private boolean[] member = new boolean[0];
  private boolean[] open = new boolean[0];
  private boolean[] checked = new boolean[0];
  private int[] openHeads = new int[0];
  private int openCount;

  /** Plans {@code count} packets at {@code bufs[i][offset, offset+sizes[i])}. */
  public void plan(byte[][] bufs, int[] sizes, int offset, int count) {
    ensure(count);
    Arrays.fill(next, 0, count, -1);
    Arrays.fill(member, 0, count, false);
    Arrays.fill(open, 0, count, false);
    Arrays.fill(checked, 0, count, false);
    Arrays.fill(segments, 0, count, 0);
    openCount = 0;
    for (int i = 0; i < count; i++) {
      byte[] b = bufs[i];
      int len = sizes[i];
      int thl = candidate(b, offset, len);
      int head = findOpen(bufs, offset, b, len);
      if (thl < 0) {
        if (head >= 0) {
          close(head); // a packet of that flow that cannot join: keep the flow's order
        }
        continue;
      }
      if (head >= 0) {
        if (joins(bufs, sizes, offset, head, i, thl)) {
          append(head, i, b, offset, len, thl);
          continue;
        }
        close(head);
      }
      start(i, b, offset, len, thl);
    }
  }

  /** Whether packet {@code i} was appended to an earlier packet's group (written with it). */
  public boolean isMember(int i) {
    return member[i];
  }

  /** The packet after {@code i} in its group, or -1. */
  public int next(int i) {
    return next[i];
  }

  /** Segments in the group that {@code head} starts (1: alone). */
  public int segments(int head) {
    return member[head] ? 0 : Math.max(1, segments[head]);
  }

  /** The payload size of every segment of {@code head}'s group but a shorter last one. */
  public int gsoSize(int head) {
    return gsoSize[head];
  }

  /** The IP total length of {@code head}'s group as one packet. */
  public int totalLength(int head) {
    return total[head];
  }

  // ------------------------------------------------------------------ the rules

  /** The TCP header length if the packet may be in a group, else -1. */
  static int candidate(byte[] b, int off, int len) {
    if (len < 40 || len > MAX_TOTAL || b[off] != 0x45 || b[off + 9] != 6) {
      return -1;
    }
    if (u16(b, off + 2) != len || (u16(b, off + 6) & 0x3fff) != 0) {
      return -1; // padded or truncated, or a fragment
    }
    int thl = ((b[off + 32] >> 4) & 0xf) * 4;
    if (thl < 20 || 20 + thl >= len) {
      return -1; // no payload
    }
    int flags = b[off + 33] & 0xff;
    return flags == ACK || flags == (ACK | PSH) ? thl : -1;
  }

  private boolean joins(byte[][] bufs, int[] sizes, int off, int head, int i, int thl) {
    if (!open[head] || segments[head] >= MAX_SEGMENTS) {
      return false;
    }
    byte[] h = bufs[head];
    byte[] b = bufs[i];
    int payload = sizes[i] - 20 - thl;
    if (payload > gsoSize[head] || total[head] + payload > MAX_TOTAL) {
      return false;
    }
    if (((h[off + 32] >> 4) & 0xf) * 4 != thl
        || h[off + 1] != b[off + 1] // TOS
        || (h[off + 6] & 0xe0) != (b[off + 6] & 0xe0) // DF and the reserved bit
        || h[off + 8] != b[off + 8] // TTL
        || seq(b, off) != nextSeq[head]
        || u16(b, off + 4) != ((u16(bufs[tail[head]], off + 4) + 1) & 0xffff) // IP id + 1
        || !Arrays.equals(h, off + 28, off + 32, b, off + 28, off + 32) // acknowledgement
        || !Arrays.equals(h, off + 34, off + 36, b, off + 34, off + 36) // window
        || !Arrays.equals(h, off + 40, off + 20 + thl, b, off + 40, off + 20 + thl)) { // options
      return false;
    }
    if (!checked[head]) {
      checked[head] = true;
      if (!Checksums.tcpValid(h, off, 20, sizes[head])) {
        open[head] = false;
        return false;
      }
    }
    return Checksums.tcpValid(b, off, 20, sizes[i]);
  }

  private void start(int i, byte[] b, int off, int len, int thl) {
    int payload = len - 20 - thl;
    tail[i] = i;
    segments[i] = 1;
    gsoSize[i] = payload;
    total[i] = len;
    nextSeq[i] = (seq(b, off) + payload) & 0xffffffffL;
    open[i] = (b[off + 33] & PSH) == 0;
    if (open[i]) {
      openHeads[openCount++] = i;
    }
  }

  private void append(int head, int i, byte[] b, int off, int len, int thl) {
    int payload = len - 20 - thl;
    next[tail[head]] = i;
    tail[head] = i;
    member[i] = true;
    segments[head]++;
    total[head] += payload;
    nextSeq[head] = (nextSeq[head] + payload) & 0xffffffffL;
    if (payload < gsoSize[head] || (b[off + 33] & PSH) != 0) {
      close(head); // nothing may follow a short or a pushed segment
    }
  }

  private void close(int head) {
    open[head] = false;
    for (int k = 0; k < openCount; k++) {
      if (openHeads[k] == head) {
        openHeads[k] = openHeads[--openCount];
        return;
      }
    }
  }

  /** The open group of the TCP/IPv4 flow of {@code b}, or -1 (also for anything else). */
  private int findOpen(byte[][] bufs, int off, byte[] b, int len) {
    if (openCount == 0 || len < 20 || (b[off] & 0xf0) != 0x40 || b[off + 9] != 6) {
      return -1;
    }
    int ihl = (b[off] & 0xf) * 4;
    if (ihl < 20 || ihl + 4 > len) {
      return -1;
    }
    for (int k = 0; k < openCount; k++) {
      byte[] h = bufs[openHeads[k]];
      if (Arrays.equals(h, off + 12, off + 20, b, off + 12, off + 20)
          && Arrays.equals(h, off + 20, off + 24, b, off + ihl, off + ihl + 4)) {
        return openHeads[k];
      }
    }
    return -1;
  }

  private static long seq(byte[] b, int off) {
    return ((long) u16(b, off + 24) << 16) | u16(b, off + 26);
  }

  static int u16(byte[] b, int i) {
    return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
  }

  private void ensure(int count) {
    if (next.length >= count) {
      return;
    }
    next = new int[count];
    tail = new int[count];
    segments = new int[count];
    gsoSize = new int[count];
    total = new int[count];
    nextSeq = new long[count];
    member = new boolean[count];
    open = new boolean[count];
    checked = new boolean[count];
    openHeads = new int[count];
  }
}
