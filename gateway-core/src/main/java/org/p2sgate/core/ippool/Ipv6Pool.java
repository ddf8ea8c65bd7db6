package org.p2sgate.core.ippool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/**
 * The IPv6 side of the client pool, tied to the IPv4 {@link IpPool} as the reference's pool.c ties
 * them: the client holding the i-th IPv4 client address ({@code NET4+2+i}) gets the i-th IPv6 pool
 * address ({@code BASE6+i}), where {@code BASE6} is {@code NET6+0x1000} ({@code NET6+2} for a /112
 * or longer), the reference's {@code server-ipv6} pool base. So the IPv6 address needs no state of
 * its own: it is allocated, released, sticky and persisted with the IPv4 one, and a packet's IPv6
 * address maps back to the IPv4 pool offset with two 8-byte loads and a subtraction. Pure.
 */
public final class Ipv6Pool {
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final byte[] network;
  private final int prefix;
  private final long hi;
  private final long baseLo;

  /** IPv6 pool addresses in use: as many as the IPv4 pool has client addresses. */
  private final long count;

  /**
   * @throws IllegalArgumentException when the prefix is outside /64../124 or the IPv6 pool holds
   *     fewer addresses than {@code v4} has client addresses
   */
  public Ipv6Pool(Inet6Address network, int prefix, IpPool v4) {
    if (prefix < 64 || prefix > 124) {
      throw new IllegalArgumentException("IPv6 pool prefix must be /64../124, got /" + prefix);
    }
    String problem = capacityProblem(prefix, v4.clientAddresses());
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    this.network = network.getAddress();
    this.prefix = prefix;
    this.hi = (long) LONG.get(this.network, 0);
    this.baseLo = (long) LONG.get(this.network, 8) + poolStart(prefix);
    this.count = v4.clientAddresses();
  }

  /** Where the pool starts in the network: 0x1000, or 2 for a /112 or longer (reference). */
  static long poolStart(int prefix) {
    return prefix < 112 ? 0x1000 : 2;
  }

  /**
   * Why an IPv6 network of {@code prefix} cannot give each of {@code v4Clients} IPv4 clients an
   * address, or {@code null} if it can.
   */
  public static String capacityProblem(int prefix, long v4Clients) {
    if (prefix <= 96) {
      return null; // 2^32 addresses and more
    }
    long room = (1L << (128 - prefix)) - poolStart(prefix);
    if (room >= v4Clients) {
      return null;
    }
    return "an IPv6 /"
        + prefix
        + " pool holds "
        + room
        + " client addresses, fewer than the "
        + v4Clients
        + " of the IPv4 pool (each client gets one of each); use a shorter IPv6 prefix or a"
        + " smaller IPv4 pool";
  }

  public int prefix() {
    return prefix;
  }

  /** The gateway's own address, {@code NET6+1}. */
  public Inet6Address gatewayAddress() {
    byte[] b = network.clone();
    b[15] |= 1;
    return toAddress(b);
  }

  /** The IPv6 address of the client at IPv4 pool offset {@code offset4} (2 for the first). */
  public Inet6Address addressOf(int offset4) {
    byte[] b = new byte[16];
    LONG.set(b, 0, hi);
    LONG.set(b, 8, baseLo + (offset4 - 2));
    return toAddress(b);
  }

  /**
   * The IPv4 pool offset of the client whose IPv6 address is at {@code b[off, off+16)}, or -1 when
   * it is no client address of this pool. The caller has checked that 16 bytes are there. No
   * allocation.
   */
  public int offsetOf(byte[] b, int off) {
    if ((long) LONG.get(b, off) != hi) {
      return -1;
    }
    long d = (long) LONG.get(b, off + 8) - baseLo;
    return Long.compareUnsigned(d, count) < 0 ? (int) d + 2 : -1;
  }

  private static Inet6Address toAddress(byte[] b) {
    try {
      return (Inet6Address) InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
