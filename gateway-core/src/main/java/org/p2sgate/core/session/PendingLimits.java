package org.p2sgate.core.session;

import java.util.HashMap;
import java.util.Map;

/**
 * Bounds what is not yet admitted: sessions whose login has not succeeded and TCP connections that
 * have not started one, in all and per source (an IPv4 address or an IPv6 /64). A flood of
 * handshakes, or of silent or garbage TCP connections, from a few sources then holds a bounded
 * amount of memory and leaves room for everyone else; admitted sessions count towards max-clients
 * instead. Pure; shared by the session tables of a gateway that runs several, so synchronized.
 */
final class PendingLimits {
  private int total;
  private int perSource;
  private final Map<SourcePrefix, Integer> bySource = new HashMap<>();
  private int count;

  PendingLimits(int total, int perSource) {
    this.total = total;
    this.perSource = perSource;
  }

  /** New limits (a reload); slots already taken stay taken. */
  synchronized void limits(int total, int perSource) {
    this.total = total;
    this.perSource = perSource;
  }

  /** Takes a slot for {@code peer}; false, taking nothing, when a limit is reached. */
  synchronized boolean take(Peer peer) {
    SourcePrefix source = SourcePrefix.of(peer, 32, 64);
    int held = bySource.getOrDefault(source, 0);
    if (count >= total || held >= perSource) {
      return false;
    }
    bySource.put(source, held + 1);
    count++;
    return true;
  }

  /** Gives back a slot {@link #take} gave {@code peer}. */
  synchronized void release(Peer peer) {
    SourcePrefix source = SourcePrefix.of(peer, 32, 64);
    Integer held = bySource.get(source);
    if (held == null) {
      return;
    }
    if (held <= 1) {
      bySource.remove(source);
    } else {
      bySource.put(source, held - 1);
    }
    count--;
  }

  /** Slots held now. */
  synchronized int count() {
    return count;
  }
}
