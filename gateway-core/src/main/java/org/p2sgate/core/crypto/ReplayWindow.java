package org.p2sgate.core.crypto;

import java.util.Arrays;

/**
 * OpenVPN's packet-id receive check (wire doc 7.5; reference {@code src/openvpn/packet_id.c} {@code
 * packet_id_test}, {@code packet_id_add}, {@code packet_id_reap}), for one key and direction. The
 * data channel passes time 0; tls-auth and tls-crypt pass the long-form time.
 *
 * <p>With {@code seqBacktrack > 0} an id is accepted if it is not 0 and either its time is newer
 * than the stored one (a new sequence starts), or, at the same time, it is above the highest id
 * seen, or it lies less than {@code seqBacktrack} below the highest, was not seen yet and has not
 * expired. An older time is refused. With {@code seqBacktrack == 0} ids must arrive strictly in
 * order, as in the reference's TCP mode.
 *
 * <p>Expiry ({@code timeBacktrack > 0}): an id is refused once some id at or above it was accepted
 * more than {@code timeBacktrack} whole seconds before {@code nowMillis}. The reference reaches the
 * same verdict but only re-evaluates it every {@code SEQ_REAP_INTERVAL} (5 s), so it may accept
 * such a packet up to 5 s longer; this class decides at second resolution on every call.
 *
 * <p>Cost: a circular bitmap of the last ids ({@code long[]}, RFC 6479 style) and a ring of
 * (second, highest id) snapshots, one per second with traffic in the last {@code timeBacktrack}
 * seconds. {@link #check} and {@link #update} are O(1) amortised and allocate nothing.
 *
 * <p>Not thread safe: one owner at a time.
 */
public final class ReplayWindow {
  /** {@code DEFAULT_SEQ_BACKTRACK} ({@code src/openvpn/packet_id.h}). */
  public static final int DEFAULT_SEQ_BACKTRACK = 64;

  /** {@code MAX_SEQ_BACKTRACK} ({@code src/openvpn/packet_id.h}). */
  public static final int MAX_SEQ_BACKTRACK = 65536;

  /** {@code DEFAULT_TIME_BACKTRACK}, seconds ({@code src/openvpn/packet_id.h}). */
  public static final int DEFAULT_TIME_BACKTRACK = 15;

  /** {@code MAX_TIME_BACKTRACK}, seconds ({@code src/openvpn/packet_id.h}). */
  public static final int MAX_TIME_BACKTRACK = 600;

  private final int seqBacktrack;
  private final int timeBacktrack;
  private final long[] bitmap;
  private final int blockMask;

  private boolean started;
  private long time;
  private long highest;

  // expiry: ids <= expiredUpTo are refused; ring of (second, highest id at the end of it)
  private final long[] snapSecond;
  private final long[] snapHighest;
  private int snapHead;
  private int snapCount;
  private long expiredUpTo;

  /** A window with the reference defaults: 64 packets, 15 seconds. */
  public ReplayWindow() {
    this(DEFAULT_SEQ_BACKTRACK, DEFAULT_TIME_BACKTRACK);
  }

  /**
   * @param seqBacktrack 0..65536 packets (0: strictly sequential)
   * @param timeBacktrack 0..600 seconds (0: no expiry)
   */
  public ReplayWindow(int seqBacktrack, int timeBacktrack) {
    if (seqBacktrack < 0 || seqBacktrack > MAX_SEQ_BACKTRACK) {
      throw new IllegalArgumentException("seqBacktrack must be 0..65536, got " + seqBacktrack);
    }
    if (timeBacktrack < 0 || timeBacktrack > MAX_TIME_BACKTRACK) {
      throw new IllegalArgumentException("timeBacktrack must be 0..600, got " + timeBacktrack);
    }
    this.seqBacktrack = seqBacktrack;
    this.timeBacktrack = timeBacktrack;
    // the window spans at most ceil(n/64)+1 blocks; a power of two lets the index be masked
    int needed = ((seqBacktrack + 63) >>> 6) + 1;
    int blocks = Integer.highestOneBit(needed);
    if (blocks < needed) {
      blocks <<= 1;
    }
    this.bitmap = new long[blocks];
    this.blockMask = blocks - 1;
    int snaps = seqBacktrack == 0 || timeBacktrack == 0 ? 0 : timeBacktrack + 2;
    this.snapSecond = new long[snaps];
    this.snapHighest = new long[snaps];
  }

  public int seqBacktrack() {
    return seqBacktrack;
  }

  public int timeBacktrack() {
    return timeBacktrack;
  }

  /** Would {@code (id, time)} be accepted at {@code nowMillis}? Changes nothing. */
  public boolean check(long id, long time, long nowMillis) {
    if (id <= 0) {
      return false;
    }
    if (seqBacktrack == 0) {
      if (time == this.time) {
        return highest == 0 || id == highest + 1;
      }
      return time > this.time && id == 1;
    }
    if (!started || time > this.time) {
      return true;
    }
    if (time < this.time) {
      return false;
    }
    if (id > highest) {
      return true;
    }
    if (highest - id >= seqBacktrack || id <= expiryFloor(Math.floorDiv(nowMillis, 1000))) {
      return false;
    }
    return (bitmap[block(id)] & (1L << id)) == 0;
  }

  /**
   * Records {@code (id, time)} as received at {@code nowMillis}. Call it only after {@link #check}
   * accepted the id and the packet authenticated.
   */
  public void update(long id, long time, long nowMillis) {
    if (id <= 0) {
      return;
    }
    if (seqBacktrack == 0) {
      this.time = time;
      this.highest = id;
      return;
    }
    if (!started || time > this.time) {
      startSequence(time);
      highest = id;
    } else if (time < this.time) {
      return;
    } else if (id > highest) {
      advanceTo(id);
    } else if (highest - id >= seqBacktrack) {
      return;
    }
    bitmap[block(id)] |= 1L << id;
    if (snapSecond.length > 0) {
      recordArrival(Math.floorDiv(nowMillis, 1000));
    }
  }

  /** {@link #check} and, if accepted, {@link #update}. */
  public boolean checkAndUpdate(long id, long time, long nowMillis) {
    if (!check(id, time, nowMillis)) {
      return false;
    }
    update(id, time, nowMillis);
    return true;
  }

  private int block(long id) {
    return (int) (id >>> 6) & blockMask;
  }

  private void startSequence(long newTime) {
    started = true;
    time = newTime;
    Arrays.fill(bitmap, 0L);
    snapCount = 0;
    expiredUpTo = 0;
  }

  /** Moves the top of the window to {@code id}, clearing the blocks that come into it. */
  private void advanceTo(long id) {
    long oldBlock = highest >>> 6;
    long toClear = Math.min((id >>> 6) - oldBlock, bitmap.length);
    for (long i = 1; i <= toClear; i++) {
      bitmap[(int) ((oldBlock + i) & blockMask)] = 0L;
    }
    highest = id;
  }

  /** Newest id accepted more than timeBacktrack seconds before {@code nowSecond} (0 if none). */
  private long expiryFloor(long nowSecond) {
    long floor = expiredUpTo;
    for (int i = 0, idx = snapHead; i < snapCount; i++, idx = next(idx)) {
      if (snapSecond[idx] + timeBacktrack >= nowSecond) {
        break;
      }
      floor = Math.max(floor, snapHighest[idx]);
    }
    return floor;
  }

  private void recordArrival(long nowSecond) {
    while (snapCount > 0 && snapSecond[snapHead] + timeBacktrack < nowSecond) {
      popOldest();
    }
    if (snapCount > 0) {
      int last = (snapHead + snapCount - 1) % snapSecond.length;
      if (snapSecond[last] >= nowSecond) { // same second, or the clock went back
        snapHighest[last] = highest;
        return;
      }
    }
    if (snapCount == snapSecond.length) {
      popOldest(); // cannot happen with a monotonic clock; expiring early is the safe side
    }
    int slot = (snapHead + snapCount) % snapSecond.length;
    snapSecond[slot] = nowSecond;
    snapHighest[slot] = highest;
    snapCount++;
  }

  private void popOldest() {
    expiredUpTo = Math.max(expiredUpTo, snapHighest[snapHead]);
    snapHead = next(snapHead);
    snapCount--;
  }

  private int next(int idx) {
    return idx + 1 == snapSecond.length ? 0 : idx + 1;
  }

  @Override
  public String toString() {
    return "ReplayWindow[seqBacktrack="
        + seqBacktrack
        + ", timeBacktrack="
        + timeBacktrack
        + ", time="
        + time
        + ", highest="
        + highest
        + "]";
  }
}
