package org.p2sgate.core.session;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The data channel's peer-ids (P_DATA_V2, wire doc 7): which admitted session holds which id. The
 * lowest free id is given first, so ids stay small and a P_DATA_V2 finds its session by index.
 */
final class PeerIds {
  /** {@code MAX_PEER_ID}: 0xFFFFFF means "no peer-id". */
  static final int MAX_PEER_ID = 0xFFFFFF;

  private final int limit;
  private final List<ClientSession> byId = new ArrayList<>();

  /** Ids below {@code byId.size()} that are free again. */
  private final BitSet free = new BitSet();

  PeerIds() {
    this(MAX_PEER_ID);
  }

  /** At most {@code limit} ids, 0 to {@code limit - 1} (tests). */
  PeerIds(int limit) {
    this.limit = limit;
  }

  /**
   * Gives {@code s} the lowest free id.
   *
   * @return the id, or -1 when every id is held
   */
  int take(ClientSession s) {
    int id = free.nextSetBit(0);
    if (id >= 0) {
      free.clear(id);
    } else {
      if (byId.size() >= limit) {
        return -1;
      }
      id = byId.size();
      byId.add(null);
    }
    byId.set(id, s);
    return id;
  }

  /** The session holding {@code id}, or {@code null}. */
  ClientSession get(int id) {
    return id >= 0 && id < byId.size() ? byId.get(id) : null;
  }

  /** Frees {@code id} if {@code s} holds it. */
  void release(int id, ClientSession s) {
    if (get(id) == s && s != null) {
      byId.set(id, null);
      free.set(id);
    }
  }
}
