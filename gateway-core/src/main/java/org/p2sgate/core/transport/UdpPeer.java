package org.p2sgate.core.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.p2sgate.core.session.Peer;

/** A client reached over the gateway's UDP socket, named by its address and port. */
public record UdpPeer(InetSocketAddress address) implements Peer {
  @Override
  public boolean isStream() {
    return false;
  }

  @Override
  public byte[] cookieBytes() {
    byte[] ip = address.getAddress().getAddress();
    return ByteBuffer.allocate(ip.length + 2).put(ip).putShort((short) address.getPort()).array();
  }

  @Override
  public InetSocketAddress socketAddress() {
    return address;
  }

  @Override
  public String describe() {
    return address.getAddress().getHostAddress() + ":" + address.getPort() + "/udp";
  }
}
