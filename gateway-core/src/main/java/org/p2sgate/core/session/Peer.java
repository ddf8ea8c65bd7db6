package org.p2sgate.core.session;

/**
 * Where a session's packets go: a UDP address or a TCP connection. The transport implements it;
 * protocol code only compares peers and hands them back to the {@link Outbox}.
 */
public interface Peer {
  /** Whether packets to this peer travel on a stream (TCP: length-prefixed, no cookie). */
  boolean isStream();

  /** Stable bytes naming the peer (IP and port), the input to the stateless cookie. */
  byte[] cookieBytes();

  /** For logs: "198.18.0.2:41234/udp". */
  String describe();

  /** The client's transport address, for authentication context; {@code null} if unknown. */
  default java.net.InetSocketAddress socketAddress() {
    return null;
  }
}
