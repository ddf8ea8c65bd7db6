package org.p2sgate.core.transport;

/**
 * Which of the datagrams queued for one peer leave together as one UDP GSO send (a Netty {@code
 * SegmentedDatagramPacket}: the kernel cuts it into datagrams of the segment size; only the last
 * may be shorter). Pure: sizes in, group lengths out, order kept.
 *
 * <p>A group is a run of datagrams of the size of its first one, ended early by a shorter one
 * (which it takes as its last), by {@link #MAX_SEGMENTS}, or by {@link #MAX_BYTES}. A datagram
 * larger than the channel's segment limit (see {@link NettyOutbox}) is a group of its own.
 */
final class GsoGrouping {
  /**
   * Segments per GSO send at most (the kernel's UDP_MAX_SEGMENTS: 64 on older kernels, 128 on
   * newer).
   */
  static final int MAX_SEGMENTS = 64;

  /** Bytes per GSO send at most: the largest UDP payload over IPv4 (65,535 - 20 - 8). */
  static final int MAX_BYTES = 65_507;

  private GsoGrouping() {}

  /**
   * Groups {@code sizes[0, n)} in order; stores the number of datagrams of each group in {@code
   * counts} (which needs room for {@code n}) and returns the number of groups.
   *
   * @param maxSegment datagrams larger than this are never segmented (0: no GSO at all)
   */
  static int group(int[] sizes, int n, int maxSegment, int[] counts) {
    int groups = 0;
    int i = 0;
    while (i < n) {
      int segment = sizes[i];
      int total = segment;
      int j = i + 1;
      if (segment <= maxSegment) {
        while (j < n
            && j - i < MAX_SEGMENTS
            && sizes[j] <= segment
            && total + sizes[j] <= MAX_BYTES) {
          total += sizes[j];
          j++;
          if (sizes[j - 1] < segment) {
            break; // a shorter datagram can only be the last segment
          }
        }
      }
      counts[groups++] = j - i;
      i = j;
    }
    return groups;
  }
}
