package org.p2sgate.core.session;

/**
 * Where protocol code puts what it produces. The server's implementation sends at once; tests
 * collect. Buffers handed over belong to the outbox from then on.
 */
public interface Outbox {
  /** One OpenVPN packet (without TCP length prefix) for {@code peer}. */
  void toPeer(Peer peer, byte[] buf, int off, int len);

  /** One IP packet for the TUN device. */
  void toTun(byte[] buf, int off, int len);

  /** The session on this stream peer ended: close the connection once queued data is sent. */
  default void closePeer(Peer peer) {}
}
