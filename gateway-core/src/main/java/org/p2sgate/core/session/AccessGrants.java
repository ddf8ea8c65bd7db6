package org.p2sgate.core.session;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.cert.CertificateGroups;
import org.p2sgate.core.config.AccessPolicy;

/** A session's group facts and access grant at login, and the push options it adds. */
final class AccessGrants {
  private AccessGrants() {}

  /**
   * A login's group facts: the authenticator's and those of the certificate the TLS handshake
   * validated (OU, SANs), whatever the method.
   */
  static Set<String> facts(AuthResult.Accepted accepted, List<X509Certificate> chain) {
    Set<String> facts = new TreeSet<>(accepted.groups());
    if (!chain.isEmpty()) {
      facts.addAll(CertificateGroups.of(chain.get(0)));
    }
    return facts;
  }

  /**
   * A login by auth-token that replaces the session its token continues keeps that session's facts:
   * the token does not carry what RADIUS or the identity provider said at the full login. The grant
   * is made anew, under the configuration of the new login.
   */
  static LoginRecord continueFrom(LoginRecord login, LoginRecord previous, AccessPolicy policy) {
    if (!"token".equals(login.attributes().get("auth")) || previous.groupFacts().isEmpty()) {
      return login;
    }
    Set<String> facts = new TreeSet<>(previous.groupFacts());
    facts.addAll(login.groupFacts());
    return login.withFacts(facts, policy.grant(facts));
  }

  /**
   * The gateway's push options followed by the grant's routes not already among them; a
   * client-config-dir file edits this list as it would the gateway's.
   */
  static List<String> withRoutes(List<String> gateway, AccessPolicy.Grant grant) {
    if (grant.pushRoutes().isEmpty()) {
      return gateway;
    }
    List<String> out = new ArrayList<>(gateway);
    for (String route : grant.pushRoutes()) {
      if (!out.contains(route)) {
        out.add(route);
      }
    }
    return out;
  }

  /**
   * An address from the pool for {@code login}: from its access group's part of the pool if it has
   * one, else anywhere; the address its identity had last if that is free (and in the part).
   */
  static java.net.Inet4Address allocate(org.p2sgate.core.ippool.IpPool pool, LoginRecord login) {
    var part = login.access().pool();
    return part == null
        ? pool.allocateFor(login.identity())
        : pool.allocateWithin(login.identity(), part.network(), part.prefix());
  }
}
