package org.p2sgate.core.session;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The data channel's peer-ids (P_DATA_V2, wire doc 7): which admitted session holds which id. The
 * lowest free id is given first, so ids stay small and a P_DATA_V2 finds its session by index. A
 * gateway with several session tables deals the ids round them: table {@code t} of {@code n} gives
 * {@code t, t + n, t + 2n, ...}, so any table knows a packet's owner from its id ({@link Shards}).
 */
final class PeerIds {
  /** {@code MAX_PEER_ID}: 0xFFFFFF means "no peer-id". */
  static final int MAX_PEER_ID = 0xFFFFFF;

  private final int limit;
  private final int first;
  private final int step;

  /** The session of each id this table gives, by index ({@code (id - first) / step}). */
  private final List<ClientSession> byId = new ArrayList<>();

  /** Indexes below {@code byId.size()} that are free again. */
  private final BitSet free = new BitSet();

  PeerIds() {
    this(MAX_PEER_ID);
  }

  /** At most {@code limit} ids, 0 to {@code limit - 1} (tests). */
  PeerIds(int limit) {
    this(limit, 0, 1);
  }

  /** The ids below {@code limit} that are {@code first} modulo {@code step}. */
  PeerIds(int limit, int first, int step) {
    this.limit = limit;
    this.first = first;
    this.step = step;
  }

  /**
   * Gives {@code s} the lowest free id.
   *
   * @return the id, or -1 when every id is held
   */
  int take(ClientSession s) {
    int i = free.nextSetBit(0);
    if (i >= 0) {
      free.clear(i);
    } else {
      if (first + (long) byId.size() * step >= limit) {
        return -1;
      }
      i = byId.size();
      byId.add(null);
    }
    byId.set(i, s);
    return first + i * step;
  }

  /** The session holding {@code id}, or {@code null} (also for an id another table gives). */
  ClientSession get(int id) {
    int i = index(id);
    return i >= 0 ? byId.get(i) : null;
  }

  /** Frees {@code id} if {@code s} holds it. */
  void release(int id, ClientSession s) {
    if (get(id) == s && s != null) {
      int i = index(id);
      byId.set(i, null);
      free.set(i);
    }
  }

  private int index(int id) {
    int d = id - first;
    if (d < 0 || (step > 1 && d % step != 0)) {
      return -1;
    }
    int i = step == 1 ? d : d / step;
    return i < byId.size() ? i : -1;
  }
}
