package org.p2sgate.core.session;

import java.net.Inet4Address;
import org.p2sgate.core.ippool.IpPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which tunnel address an accepted login gets, taken from the pool: the client-config-dir file's
 * {@code ifconfig-push} (remembered for its identity), else the address authentication assigned
 * (RADIUS Framed-IP-Address) if it is a free pool address, else one from the pool (its access
 * group's part, the identity's last address first). Runs under the admission lock.
 */
final class AddressChoice {
  private static final Logger log = LoggerFactory.getLogger(AddressChoice.class);

  /** The address handed out, or why there is none ({@code address} then {@code null}). */
  record Chosen(Inet4Address address, String refusal) {}

  private AddressChoice() {}

  static Chosen choose(IpPool pool, ClientSession s, LoginRecord login) {
    var file = login.clientConfig();
    if (file.address() != null) {
      String refusal = StaticAddress.refusal(file, pool);
      if (refusal != null) {
        return new Chosen(null, refusal);
      }
      Inet4Address addr = file.address();
      if (!pool.allocate(addr)) {
        return new Chosen(
            null,
            file.addressAt()
                + ": ifconfig-push "
                + addr.getHostAddress()
                + " is held by another session");
      }
      pool.remember(login.identity(), addr); // sticky: other identities get it last
      return new Chosen(addr, null);
    }
    Inet4Address addr = framedAddress(pool, s, login);
    if (addr == null) {
      addr = AccessGrants.allocate(pool, login);
    }
    if (addr == null) {
      return new Chosen(
          null,
          login.access().pool() != null
              ? "address pool of its access group (" + login.access().pool() + ") exhausted"
              : "address pool exhausted");
    }
    return new Chosen(addr, null);
  }

  /**
   * The address authentication assigned (RADIUS Framed-IP-Address), if it is a free address of the
   * pool; otherwise the client gets one from the pool, and the operator is told why.
   */
  private static Inet4Address framedAddress(IpPool pool, ClientSession s, LoginRecord login) {
    String framed = login.attributes().get("Framed-IP-Address");
    if (framed == null || framed.equals("255.255.255.254") || framed.equals("255.255.255.255")) {
      return null; // RFC 2865: "assign from a pool" / "let the user choose"
    }
    try {
      Inet4Address a = (Inet4Address) java.net.InetAddress.getByName(framed);
      if (pool.allocate(a)) {
        return a;
      }
      log.warn("{}: Framed-IP-Address {} is not a free pool address; using the pool", s, framed);
    } catch (java.net.UnknownHostException | ClassCastException e) {
      log.warn("{}: Framed-IP-Address '{}' is not an IPv4 address; using the pool", s, framed);
    }
    return null;
  }
}
