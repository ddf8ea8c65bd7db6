package org.p2sgate.core.transport;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.p2sgate.core.session.Peer;

/** A client on one TCP connection. Identity is the connection itself. */
public final class TcpPeer implements Peer {
  private final Channel channel;
  private final InetSocketAddress remote;

  public TcpPeer(Channel channel) {
    this.channel = channel;
    this.remote = (InetSocketAddress) channel.remoteAddress();
  }

  public Channel channel() {
    return channel;
  }

  @Override
  public InetSocketAddress socketAddress() {
    return remote;
  }

  @Override
  public boolean isStream() {
    return true;
  }

  @Override
  public byte[] cookieBytes() {
    byte[] ip = remote.getAddress().getAddress();
    return ByteBuffer.allocate(ip.length + 2).put(ip).putShort((short) remote.getPort()).array();
  }

  @Override
  public String describe() {
    java.net.InetAddress a = remote.getAddress();
    String host = org.p2sgate.core.ippool.Ipv6Text.of(a);
    return (a instanceof java.net.Inet6Address ? "[" + host + "]" : host)
        + ":"
        + remote.getPort()
        + "/tcp";
  }

  @Override
  public String toString() {
    return describe();
  }
}
