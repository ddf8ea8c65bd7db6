package org.p2sgate.core.keyexchange;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds PUSH_REPLY messages (wire doc 9.4): explicit pushes first, then the topology helpers, then
 * the per-client options; split into several messages with {@code push-continuation} when longer
 * than the reference's 1024-byte bundle.
 */
public final class PushReply {
  /** {@code PUSH_BUNDLE_SIZE} (1024) minus the reference's 84-byte reserve. */
  static final int MAX_MESSAGE = 1024 - 84;

  private PushReply() {}

  /**
   * Per-client values for one reply.
   *
   * @param ifconfigIpv6 {@code ADDR/BITS GATEWAY} for {@code ifconfig-ipv6}, or {@code null} when
   *     the gateway is IPv4 only (then nothing IPv6 is pushed)
   */
  public record ClientOptions(
      String ifconfigAddress,
      String netmask,
      String routeGateway,
      int pingSeconds,
      int pingRestartSeconds,
      int peerId,
      int tunMtu,
      String authToken,
      String ifconfigIpv6) {

    /** IPv4 only. */
    public ClientOptions(
        String ifconfigAddress,
        String netmask,
        String routeGateway,
        int pingSeconds,
        int pingRestartSeconds,
        int peerId,
        int tunMtu,
        String authToken) {
      this(
          ifconfigAddress,
          netmask,
          routeGateway,
          pingSeconds,
          pingRestartSeconds,
          peerId,
          tunMtu,
          authToken,
          null);
    }
  }

  /** The option list for one client, in the reference's order. */
  public static List<String> options(
      List<String> configured, ClientOptions c, Negotiated n, PeerInfo peerInfo) {
    List<String> o = new ArrayList<>(configured);
    o.add("route-gateway " + c.routeGateway());
    o.add("topology subnet");
    o.add("ping " + c.pingSeconds());
    o.add("ping-restart " + c.pingRestartSeconds());
    if (c.ifconfigIpv6() != null) {
      o.add("ifconfig-ipv6 " + c.ifconfigIpv6()); // before ifconfig, as push.c orders them
    }
    o.add("ifconfig " + c.ifconfigAddress() + " " + c.netmask());
    if (n.dataV2()) {
      o.add("peer-id " + c.peerId());
    }
    if (n.pushCipher()) {
      o.add("cipher " + n.cipher());
    }
    List<String> flags = new ArrayList<>();
    if (n.ccExit()) {
      flags.add("cc-exit");
      if (n.ekm()) {
        flags.add("tls-ekm");
      }
    }
    if (!flags.isEmpty()) {
      o.add("protocol-flags " + String.join(" ", flags));
    } else if (n.ekm()) {
      o.add("key-derivation tls-ekm");
    }
    if (peerInfo.hasMtu()) {
      o.add("tun-mtu " + c.tunMtu());
    }
    switch (n.compression()) {
      case STUB_V2 -> o.add("compress stub-v2");
      case LZO_NO -> o.add("comp-lzo no");
      case NONE -> {}
    }
    if (c.authToken() != null) {
      o.add("auth-token " + c.authToken());
    }
    return o;
  }

  /** Joins options into one or more PUSH_REPLY messages. */
  public static List<String> messages(List<String> options) {
    return messages("PUSH_REPLY", options);
  }

  /**
   * Joins options into one or more {@code command} messages (PUSH_REPLY, or PUSH_UPDATE, which the
   * 2.7 client splits and joins the same way: push_util.c's {@code message_splitter}).
   */
  public static List<String> messages(String command, List<String> options) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder(command);
    for (String opt : options) {
      if (cur.length() + 1 + opt.length() > MAX_MESSAGE - ",push-continuation 2".length()
          && cur.length() > command.length()) {
        out.add(cur.append(",push-continuation 2").toString());
        cur = new StringBuilder(command);
      }
      cur.append(',').append(opt);
    }
    out.add(out.isEmpty() ? cur.toString() : cur.append(",push-continuation 1").toString());
    return out;
  }
}
