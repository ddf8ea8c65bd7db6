package org.p2sgate.core.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.epoll.EpollChannelOption;
import java.io.Closeable;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's UDP sockets. Bound to one address, one socket. Bound to all addresses (the
 * default), a wildcard socket plus one socket per local address, all with SO_REUSEPORT: the kernel
 * hands a datagram to the most specific socket, and a reply sent on it leaves from the address the
 * client sent to. This is what OpenVPN's {@code multihome} does with IP_PKTINFO; Netty's epoll
 * transport can read the destination of an IPv4 datagram but never set the source of one, so one
 * socket per address is the way that serves IPv4 and IPv6 alike. Without it, on a host with several
 * addresses, the kernel picks the source by routing and clients reject the replies ("Incoming
 * packet rejected from ..., expected peer address ...").
 *
 * <p>Addresses added later are picked up by a scan every {@value #RESCAN_SECONDS} s on a thread of
 * its own (IP_FREEBIND lets a socket bind an address that is going away or not yet up).
 */
final class UdpListeners implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(UdpListeners.class);

  static final int RESCAN_SECONDS = 5;

  /** Sockets per local address at most, beyond the wildcard one. */
  static final int MAX_ADDRESSES = 256;

  private final Bootstrap bootstrap;
  private final int port;
  private final Map<InetAddress, Channel> perAddress = new ConcurrentHashMap<>();
  private final List<Channel> all = new java.util.concurrent.CopyOnWriteArrayList<>();
  private ScheduledExecutorService scanner;

  private UdpListeners(Bootstrap bootstrap, int port) {
    this.bootstrap = bootstrap;
    this.port = port;
  }

  /**
   * Binds {@code listen} ({@code null} or the any-address for all addresses) with the bootstrap,
   * which has its group, channel class, options and handler set. With {@code shared}, other shards
   * bind the same sockets too (SO_REUSEPORT: the kernel spreads clients over them, each client's
   * datagrams to one).
   */
  static UdpListeners bind(
      Bootstrap bootstrap, InetAddress listen, int port, boolean epoll, boolean shared)
      throws InterruptedException {
    UdpListeners l = new UdpListeners(bootstrap, port);
    boolean wildcard = listen == null || listen.isAnyLocalAddress();
    if (shared && epoll) {
      bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
    }
    if (!wildcard) {
      l.all.add(bootstrap.bind(new InetSocketAddress(listen, port)).sync().channel());
      return l;
    }
    if (!epoll) {
      log.warn("no epoll: replies leave from the address the kernel picks (no multihome)");
      l.all.add(bootstrap.bind(new InetSocketAddress(port)).sync().channel());
      return l;
    }
    bootstrap
        .option(EpollChannelOption.SO_REUSEPORT, true)
        .option(EpollChannelOption.IP_FREEBIND, true);
    l.all.add(bootstrap.bind(new InetSocketAddress(port)).sync().channel());
    for (ChannelFuture f : l.bindNew()) {
      f.await(); // a failure is logged; the wildcard socket still serves that address
    }
    l.scanner =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "p2sgate-address-scan");
              t.setDaemon(true);
              return t;
            });
    l.scanner.scheduleWithFixedDelay(
        Guarded.task("the local address scan", l::bindNew),
        RESCAN_SECONDS,
        RESCAN_SECONDS,
        TimeUnit.SECONDS);
    return l;
  }

  /** Binds a socket to every local address that has none yet. */
  private List<ChannelFuture> bindNew() {
    List<ChannelFuture> started = new ArrayList<>();
    for (InetAddress a : localAddresses()) {
      if (perAddress.containsKey(a) || perAddress.size() >= MAX_ADDRESSES) {
        continue;
      }
      ChannelFuture f = bootstrap.bind(new InetSocketAddress(a, port));
      perAddress.put(a, f.channel());
      f.addListener(
          done -> {
            if (done.isSuccess()) {
              all.add(f.channel());
              log.info("UDP also on {}:{} (replies from the address clients send to)", a, port);
            } else {
              perAddress.remove(a);
              log.warn("cannot listen on {}:{}: {}", a, port, done.cause().toString());
            }
          });
      started.add(f);
    }
    return started;
  }

  private static List<InetAddress> localAddresses() {
    List<InetAddress> out = new ArrayList<>();
    try {
      for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
        if (!nif.isUp() || nif.isLoopback()) {
          continue;
        }
        for (InetAddress a : nif.inetAddresses().toList()) {
          if (!a.isLinkLocalAddress() && !a.isMulticastAddress()) {
            out.add(a instanceof Inet6Address v6 ? withoutScope(v6) : a);
          }
        }
      }
    } catch (SocketException e) {
      log.warn("cannot list local addresses: {}", e.getMessage());
    }
    return out;
  }

  private static InetAddress withoutScope(Inet6Address a) {
    try {
      return InetAddress.getByAddress(a.getAddress());
    } catch (java.net.UnknownHostException e) {
      return a; // 16 bytes always make an address
    }
  }

  /** Every bound socket (the wildcard one first). */
  List<Channel> channels() {
    return List.copyOf(all);
  }

  @Override
  public void close() {
    if (scanner != null) {
      scanner.shutdownNow();
    }
    for (Channel c : all) {
      c.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    }
  }
}
