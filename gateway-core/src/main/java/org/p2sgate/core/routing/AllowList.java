package org.p2sgate.core.routing;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * The destinations one session may send to, checked on every IPv4 packet from its client. Built
 * once at login from the client's access groups; a check reads the packet's destination (and, for
 * rules with ports, its protocol and destination port) and walks a few parallel int arrays: no
 * allocation. A rule with ports passes only a packet whose ports are readable: a non-first
 * fragment, or a first fragment too short to hold the ports, never matches one.
 */
public final class AllowList {
  /** No restriction: every destination passes (no access groups configured, or default allow). */
  public static final AllowList ALL = new AllowList(true, List.of());

  /** Nothing passes. */
  public static final AllowList NONE = new AllowList(false, List.of());

  private final boolean all;
  private final int[] networks;
  private final int[] masks;
  private final int[] protocols;
  private final int[] portLow;
  private final int[] portHigh;
  private final List<AllowRule> rules;

  private AllowList(boolean all, List<AllowRule> rules) {
    this.all = all;
    this.rules = List.copyOf(rules);
    int n = rules.size();
    networks = new int[n];
    masks = new int[n];
    protocols = new int[n];
    portLow = new int[n];
    portHigh = new int[n];
    for (int i = 0; i < n; i++) {
      AllowRule r = rules.get(i);
      networks[i] = r.network();
      masks[i] = AllowRule.mask(r.prefix());
      protocols[i] = r.protocol();
      portLow[i] = r.hasPorts() ? r.portLow() : -1;
      portHigh[i] = r.portHigh();
    }
  }

  /** The rules' union (duplicates once); an empty list allows nothing. */
  public static AllowList of(List<AllowRule> rules) {
    return rules.isEmpty() ? NONE : new AllowList(false, List.copyOf(new LinkedHashSet<>(rules)));
  }

  public boolean allowsAll() {
    return all;
  }

  public List<AllowRule> rules() {
    return rules;
  }

  /**
   * Whether the IPv4 packet at {@code b[p, p+n)} may pass. The caller has checked {@code n >= 20}
   * and the version.
   */
  public boolean permits(byte[] b, int p, int n) {
    if (all) {
      return true;
    }
    int dst =
        (b[p + 16] & 0xff) << 24
            | (b[p + 17] & 0xff) << 16
            | (b[p + 18] & 0xff) << 8
            | (b[p + 19] & 0xff);
    int protocol = b[p + 9] & 0xff;
    for (int i = 0; i < networks.length; i++) {
      if ((dst & masks[i]) != networks[i]) {
        continue;
      }
      int want = protocols[i];
      if (want == AllowRule.ANY_PROTOCOL || (want == protocol && portLow[i] < 0)) {
        return true;
      }
      if (want == protocol) {
        int port = destinationPort(b, p, n);
        if (port >= portLow[i] && port <= portHigh[i]) {
          return true;
        }
      }
    }
    return false;
  }

  /** The TCP/UDP destination port, or -1 for a non-first fragment or a header cut short. */
  static int destinationPort(byte[] b, int p, int n) {
    int headerLength = (b[p] & 0x0f) * 4;
    int fragmentOffset = (b[p + 6] & 0x1f) << 8 | (b[p + 7] & 0xff);
    if (headerLength < 20 || fragmentOffset != 0 || headerLength + 4 > n) {
      return -1;
    }
    return (b[p + headerLength + 2] & 0xff) << 8 | (b[p + headerLength + 3] & 0xff);
  }

  @Override
  public String toString() {
    return all ? "AllowList[all]" : "AllowList" + rules;
  }
}
