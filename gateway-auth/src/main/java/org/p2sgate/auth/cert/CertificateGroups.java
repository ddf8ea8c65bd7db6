package org.p2sgate.auth.cert;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.p2sgate.auth.GroupFacts;

/**
 * The group facts a client certificate carries: each OU of its subject ({@code cert-ou:VALUE}) and
 * each rfc822Name, dNSName and URI of its subject alternative names ({@code cert-san-email:},
 * {@code cert-san-dns:}, {@code cert-san-uri:}). Only for a certificate the handshake validated.
 */
public final class CertificateGroups {
  private static final int SAN_RFC822 = 1;
  private static final int SAN_DNS = 2;
  private static final int SAN_URI = 6;

  private CertificateGroups() {}

  public static Set<String> of(X509Certificate leaf) {
    Set<String> out = new TreeSet<>();
    try {
      for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("OU") && rdn.getValue() instanceof String ou) {
          add(out, GroupFacts.of(GroupFacts.CERT_OU, ou));
        }
      }
    } catch (InvalidNameException e) {
      // a subject Java printed but cannot read back: no OU facts
    }
    Collection<List<?>> sans;
    try {
      sans = leaf.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      sans = null;
    }
    for (List<?> san : sans == null ? List.<List<?>>of() : sans) {
      if (san.size() < 2
          || !(san.get(0) instanceof Integer type)
          || !(san.get(1) instanceof String v)) {
        continue;
      }
      String source =
          switch (type) {
            case SAN_RFC822 -> GroupFacts.CERT_SAN_EMAIL;
            case SAN_DNS -> GroupFacts.CERT_SAN_DNS;
            case SAN_URI -> GroupFacts.CERT_SAN_URI;
            default -> null;
          };
      if (source != null) {
        add(out, GroupFacts.of(source, v));
      }
    }
    return out;
  }

  private static void add(Set<String> out, String fact) {
    if (fact != null) {
      out.add(fact);
    }
  }
}
