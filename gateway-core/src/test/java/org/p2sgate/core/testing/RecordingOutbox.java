package org.p2sgate.core.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.p2sgate.core.session.Outbox;
import org.p2sgate.core.session.Peer;

/**
 * An {@link Outbox} that records what the gateway produces: a queue of packets per peer, the IP
 * packets written to TUN, and the stream peers it closed. Every packet is copied out of the
 * gateway's buffer, which it may reuse.
 */
public final class RecordingOutbox implements Outbox {
  private final Map<Peer, ArrayDeque<byte[]>> toPeer = new LinkedHashMap<>();
  private final List<byte[]> toTun = new ArrayList<>();
  private final List<Peer> closed = new ArrayList<>();
  private long peerPackets;

  @Override
  public void toPeer(Peer peer, byte[] buf, int off, int len) {
    toPeer
        .computeIfAbsent(peer, p -> new ArrayDeque<>())
        .addLast(Arrays.copyOfRange(buf, off, off + len));
    peerPackets++;
  }

  @Override
  public void toTun(byte[] buf, int off, int len) {
    toTun.add(Arrays.copyOfRange(buf, off, off + len));
  }

  @Override
  public void closePeer(Peer peer) {
    closed.add(peer);
  }

  /** Removes and returns the packets queued for {@code peer}, oldest first. */
  public List<byte[]> takeFor(Peer peer) {
    ArrayDeque<byte[]> q = toPeer.remove(peer);
    return q == null ? List.of() : new ArrayList<>(q);
  }

  /** The packets queued for {@code peer}, without removing them. */
  public List<byte[]> peekFor(Peer peer) {
    ArrayDeque<byte[]> q = toPeer.get(peer);
    return q == null ? List.of() : new ArrayList<>(q);
  }

  /** Peers with packets queued. */
  public List<Peer> peersWithPackets() {
    List<Peer> out = new ArrayList<>();
    toPeer.forEach(
        (p, q) -> {
          if (!q.isEmpty()) {
            out.add(p);
          }
        });
    return out;
  }

  /** Removes and returns the IP packets written to TUN so far. */
  public List<byte[]> takeTun() {
    List<byte[]> out = new ArrayList<>(toTun);
    toTun.clear();
    return out;
  }

  /** The IP packets written to TUN so far, without removing them. */
  public List<byte[]> tun() {
    return List.copyOf(toTun);
  }

  /** Stream peers the gateway closed, in order. */
  public List<Peer> closedPeers() {
    return List.copyOf(closed);
  }

  /** Packets handed to {@link #toPeer} since this outbox was made (taken or not). */
  public long peerPacketCount() {
    return peerPackets;
  }
}
