package org.p2sgate.tun.route;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads rtnetlink messages ({@code rtnetlink(7)}, {@code linux/netlink.h}, {@code
 * linux/rtnetlink.h}) from what one {@code recv(2)} on a {@code NETLINK_ROUTE} socket returned:
 * {@code struct nlmsghdr} headers, each followed for {@code RTM_NEWROUTE} and {@code RTM_DELROUTE}
 * by a {@code struct rtmsg} and its {@code rtattr} attributes. Total: every length is checked
 * before it is read; a malformed message is counted and the rest of the buffer dropped (its framing
 * can no longer be trusted); nothing throws. Numbers are in the host's byte order, as the kernel
 * writes them.
 */
public final class RouteMessages {
  // linux/netlink.h
  static final int NLMSG_HDRLEN = 16;
  static final int NLMSG_ERROR = 2;
  static final int NLMSG_DONE = 3;
  static final int NLMSG_OVERRUN = 4;

  // linux/rtnetlink.h
  public static final int RTM_NEWROUTE = 24;
  public static final int RTM_DELROUTE = 25;
  public static final int RTM_GETROUTE = 26;
  static final int RTMSG_LEN = 12;
  static final int RTA_DST = 1;
  static final int RTA_PRIORITY = 6;
  static final int RTA_TABLE = 15;

  /** {@code RTN_UNICAST}: a route to a gateway or a direct route (not blackhole, local, ...). */
  public static final int RTN_UNICAST = 1;

  /** {@code AF_INET}. */
  public static final int AF_INET = 2;

  private RouteMessages() {}

  /**
   * A route added or removed.
   *
   * @param added {@code RTM_NEWROUTE} (also each route of a dump) or {@code RTM_DELROUTE}
   * @param prefix its destination
   * @param table its table ({@code RTA_TABLE}, else {@code rtm_table})
   * @param type {@code rtm_type} ({@link #RTN_UNICAST}, ...)
   * @param priority its metric ({@code RTA_PRIORITY}, 0 without one)
   */
  public record Route(boolean added, Ipv4Prefix prefix, int table, int type, int priority) {}

  /**
   * What one buffer held.
   *
   * @param routes the IPv4 routes, in order (other families are skipped)
   * @param done whether a dump ended ({@code NLMSG_DONE})
   * @param error the negative errno of an {@code NLMSG_ERROR} that is not an ack, else 0
   * @param malformed messages that could not be read
   */
  public record Batch(List<Route> routes, boolean done, int error, int malformed) {}

  /** Reads {@code buf[0, len)}. */
  public static Batch parse(byte[] buf, int len) {
    List<Route> routes = new ArrayList<>();
    boolean done = false;
    int error = 0;
    int malformed = 0;
    if (buf == null || len < 0 || len > buf.length) {
      return new Batch(routes, false, 0, 1);
    }
    ByteBuffer b = ByteBuffer.wrap(buf, 0, len).order(ByteOrder.nativeOrder());
    int at = 0;
    while (len - at >= NLMSG_HDRLEN) {
      int msgLen = b.getInt(at);
      int type = b.getShort(at + 4) & 0xffff;
      if (msgLen < NLMSG_HDRLEN || msgLen > len - at) {
        malformed++;
        break;
      }
      switch (type) {
        case RTM_NEWROUTE, RTM_DELROUTE -> {
          int result = route(b, at + NLMSG_HDRLEN, msgLen - NLMSG_HDRLEN, type, routes);
          if (result < 0) {
            malformed++;
          }
        }
        case NLMSG_DONE -> done = true;
        case NLMSG_ERROR -> {
          if (msgLen < NLMSG_HDRLEN + 4) {
            malformed++;
          } else if (b.getInt(at + NLMSG_HDRLEN) != 0) {
            error = b.getInt(at + NLMSG_HDRLEN);
          }
        }
        default -> {} // NOOP, OVERRUN, other families' messages: nothing to follow
      }
      // NLMSG_ALIGN: the next header starts at a multiple of 4
      at += Math.min((msgLen + 3) & ~3, len - at);
    }
    return new Batch(List.copyOf(routes), done, error, malformed);
  }

  /** One route message's body at {@code off}; -1 when malformed, 0 when skipped, 1 when read. */
  private static int route(ByteBuffer b, int off, int len, int type, List<Route> out) {
    if (len < RTMSG_LEN) {
      return -1;
    }
    int family = b.get(off) & 0xff;
    int dstLen = b.get(off + 1) & 0xff;
    int table = b.get(off + 4) & 0xff;
    int rtType = b.get(off + 7) & 0xff;
    if (family != AF_INET) {
      return 0;
    }
    if (dstLen > 32) {
      return -1;
    }
    int dst = 0;
    int priority = 0;
    int at = off + RTMSG_LEN;
    int end = off + len;
    while (end - at >= 4) {
      int attrLen = b.getShort(at) & 0xffff;
      int attrType = b.getShort(at + 2) & 0x3fff; // without NLA_F_NESTED / NLA_F_NET_BYTEORDER
      if (attrLen < 4 || attrLen > end - at) {
        return -1;
      }
      if (attrType == RTA_DST || attrType == RTA_TABLE || attrType == RTA_PRIORITY) {
        if (attrLen != 8) {
          return -1;
        }
        switch (attrType) {
          case RTA_DST -> dst = b.order(ByteOrder.BIG_ENDIAN).getInt(at + 4);
          case RTA_TABLE -> table = b.getInt(at + 4);
          default -> priority = b.getInt(at + 4);
        }
        b.order(ByteOrder.nativeOrder());
      }
      at += Math.min((attrLen + 3) & ~3, end - at);
    }
    if ((dst & Ipv4Prefix.mask(dstLen)) != dst) {
      return -1; // the kernel never sends host bits
    }
    out.add(new Route(type == RTM_NEWROUTE, new Ipv4Prefix(dst, dstLen), table, rtType, priority));
    return 1;
  }

  /**
   * An {@code RTM_GETROUTE} dump request for IPv4 routes ({@code NLM_F_REQUEST | NLM_F_DUMP}),
   * sequence number {@code seq}, in the host's byte order.
   */
  public static byte[] dumpRequest(int seq) {
    ByteBuffer b = ByteBuffer.allocate(NLMSG_HDRLEN + RTMSG_LEN).order(ByteOrder.nativeOrder());
    b.putInt(NLMSG_HDRLEN + RTMSG_LEN);
    b.putShort((short) RTM_GETROUTE);
    b.putShort((short) (0x1 | 0x300)); // NLM_F_REQUEST | NLM_F_DUMP (NLM_F_ROOT | NLM_F_MATCH)
    b.putInt(seq);
    b.putInt(0); // to the kernel
    b.put((byte) AF_INET);
    return b.array();
  }
}
