package org.p2sgate.core.session;

import java.net.Inet4Address;
import org.p2sgate.core.config.ClientConfig;
import org.p2sgate.core.ippool.IpPool;

/**
 * A client-config-dir file's {@code ifconfig-push ADDR MASK}: it must be a client address of the
 * tunnel network (not its network, gateway or broadcast address) with the tunnel's netmask, the
 * only topology p2sgate has ({@code subnet}).
 */
final class StaticAddress {
  private StaticAddress() {}

  /** Why {@code c}'s address cannot be given, or {@code null} if it can (when free). */
  static String refusal(ClientConfig c, IpPool pool) {
    Inet4Address a = c.address();
    int offset = pool.offsetOf(IpPool.toInt(a));
    String what = c.addressAt() + ": ifconfig-push " + a.getHostAddress();
    if (offset < 0) {
      return what + " is outside the tunnel network " + network(pool);
    }
    if (offset <= 1 || offset == pool.size() - 1) {
      return what
          + " is the "
          + (offset == 0 ? "network" : offset == 1 ? "gateway's" : "broadcast")
          + " address of "
          + network(pool);
    }
    if (!c.netmask().getHostAddress().equals(pool.netmask())) {
      return what
          + " "
          + c.netmask().getHostAddress()
          + ": the netmask must be the tunnel's, "
          + pool.netmask()
          + " (topology subnet)";
    }
    return null;
  }

  private static String network(IpPool pool) {
    return IpPool.toAddress(IpPool.toInt(pool.gatewayAddress()) - 1).getHostAddress()
        + "/"
        + pool.prefix();
  }
}
