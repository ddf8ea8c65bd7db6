package org.p2sgate.core.transport;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.p2sgate.core.session.Peer;

/**
 * A client reached over UDP: its address and port, and the socket its datagrams arrived on, which
 * replies leave from, so that they carry the local address the client sent to (OpenVPN's {@code
 * multihome}). A client that moves to another of the gateway's addresses is a new peer, adopted as
 * a float once its packets authenticate.
 */
public record UdpPeer(InetSocketAddress address, Channel channel) implements Peer {
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
    java.net.InetAddress a = address.getAddress();
    String host = org.p2sgate.core.ippool.Ipv6Text.of(a);
    return (a instanceof java.net.Inet6Address ? "[" + host + "]" : host)
        + ":"
        + address.getPort()
        + "/udp";
  }
}
