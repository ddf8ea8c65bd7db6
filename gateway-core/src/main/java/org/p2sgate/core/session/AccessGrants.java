package org.p2sgate.core.session;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.cert.CertificateGroups;
import org.p2sgate.core.config.AccessPolicy;

/** A session's access grant at login, and the push options it adds. */
final class AccessGrants {
  private AccessGrants() {}

  /**
   * What {@code policy} grants a login: its group facts are the authenticator's and those of the
   * certificate the TLS handshake validated (OU, SANs), whatever the method.
   */
  static AccessPolicy.Grant grant(
      AccessPolicy policy, AuthResult.Accepted accepted, List<X509Certificate> chain) {
    if (policy.groups().isEmpty()) {
      return policy.grant(Set.of());
    }
    Set<String> facts = new TreeSet<>(accepted.groups());
    if (!chain.isEmpty()) {
      facts.addAll(CertificateGroups.of(chain.get(0)));
    }
    return policy.grant(facts);
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
}
