package org.p2sgate.core.testing;

import java.nio.charset.StandardCharsets;
import org.p2sgate.core.session.Peer;

/**
 * A {@link Peer} for pure tests: a name standing for an address and port, over UDP or over a stream
 * (TCP). Two peers are the same peer when their fields are equal.
 *
 * @param address what the peer's address would be, e.g. "198.18.0.2"
 * @param port what its port would be
 * @param stream whether it is a stream (TCP) peer
 */
public record TestPeer(String address, int port, boolean stream) implements Peer {

  public static TestPeer udp(String address, int port) {
    return new TestPeer(address, port, false);
  }

  public static TestPeer tcp(String address, int port) {
    return new TestPeer(address, port, true);
  }

  @Override
  public boolean isStream() {
    return stream;
  }

  @Override
  public byte[] cookieBytes() {
    return (address + ":" + port).getBytes(StandardCharsets.US_ASCII);
  }

  /** The address when it is an IP literal (as in every test), else {@code null}. */
  @Override
  public java.net.InetSocketAddress socketAddress() {
    if (!address.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return null; // never a DNS lookup
    }
    try {
      return new java.net.InetSocketAddress(java.net.InetAddress.getByName(address), port);
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }

  @Override
  public String describe() {
    return address + ":" + port + (stream ? "/tcp" : "/udp");
  }
}
