package org.p2sgate.bench.dataplane;

import org.p2sgate.core.session.Outbox;
import org.p2sgate.core.session.Peer;

/**
 * An {@link Outbox} that keeps nothing and allocates nothing: it counts packets and bytes each way,
 * so a benchmark can return them (nothing is dead code) and check at tear-down that every packet
 * got through.
 */
final class CountingOutbox implements Outbox {
  long peerPackets;
  long peerBytes;
  long tunPackets;
  long tunBytes;

  @Override
  public void toPeer(Peer peer, byte[] buf, int off, int len) {
    peerPackets++;
    peerBytes += len;
  }

  @Override
  public void toTun(byte[] buf, int off, int len) {
    tunPackets++;
    tunBytes += len;
  }
}
