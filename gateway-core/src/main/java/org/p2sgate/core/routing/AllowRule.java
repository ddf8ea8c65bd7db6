package org.p2sgate.core.routing;

/**
 * One destination a client may send to: a network, optionally narrowed to a protocol and a range of
 * destination ports.
 *
 * @param network the network's first address as an int (no host bits)
 * @param prefix its prefix length, 0..32
 * @param protocol the IP protocol number, or {@link #ANY_PROTOCOL}
 * @param portLow first destination port (TCP/UDP only), 0 with {@code portHigh} 65535 for all
 * @param portHigh last destination port
 */
public record AllowRule(int network, int prefix, int protocol, int portLow, int portHigh) {
  public static final int ANY_PROTOCOL = -1;
  public static final int ICMP = 1;
  public static final int TCP = 6;
  public static final int UDP = 17;

  public AllowRule {
    if (prefix < 0 || prefix > 32 || (network & mask(prefix)) != network) {
      throw new IllegalArgumentException("not a network: " + network + "/" + prefix);
    }
    if (portLow < 0 || portHigh > 65535 || portLow > portHigh) {
      throw new IllegalArgumentException("bad port range " + portLow + "-" + portHigh);
    }
  }

  /** Everything to {@code network/prefix}. */
  public static AllowRule network(int network, int prefix) {
    return new AllowRule(network, prefix, ANY_PROTOCOL, 0, 65535);
  }

  /** Whether only some ports of the protocol pass. */
  boolean hasPorts() {
    return portLow != 0 || portHigh != 65535;
  }

  static int mask(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }
}
