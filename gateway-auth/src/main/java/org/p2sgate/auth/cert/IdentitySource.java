package org.p2sgate.auth.cert;

import java.io.IOException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;

/** Which part of the client certificate names the user. */
public enum IdentitySource {
  /** The subject's common name (what OpenVPN's {@code --username-as-common-name} uses). */
  COMMON_NAME("no CN in subject"),
  /**
   * The Microsoft User Principal Name in the subjectAltName: an otherName of type {@value
   * #UPN_OID}, as issued for Windows and Entra ID users.
   */
  UPN("no UPN in subjectAltName"),
  /** The e-mail address (rfc822Name) in the subjectAltName. */
  EMAIL("no e-mail address in subjectAltName");

  /** The otherName type id of a UPN (szOID_NT_PRINCIPAL_NAME). */
  public static final String UPN_OID = "1.3.6.1.4.1.311.20.2.3";

  private static final int SAN_OTHER_NAME = 0;
  private static final int SAN_RFC822 = 1;

  private final String missing;

  IdentitySource(String missing) {
    this.missing = missing;
  }

  /** The reason given when a certificate lacks this identity. */
  public String missingReason() {
    return missing;
  }

  /** The identity this source reads from the certificate, if it has one (the first one). */
  public Optional<String> identityOf(X509Certificate cert) {
    return switch (this) {
      case COMMON_NAME -> commonName(cert);
      case UPN -> firstSan(cert, SAN_OTHER_NAME);
      case EMAIL -> firstSan(cert, SAN_RFC822);
    };
  }

  /** The subject's first CN, if any. */
  public static Optional<String> commonName(X509Certificate cert) {
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns().reversed()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return Optional.of(rdn.getValue().toString()).filter(s -> !s.isEmpty());
        }
      }
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<String> firstSan(X509Certificate cert, int type) {
    Collection<List<?>> sans;
    try {
      sans = cert.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return Optional.empty();
    }
    if (sans == null) {
      return Optional.empty();
    }
    for (List<?> san : sans) {
      if (san.size() < 2 || !(san.get(0) instanceof Integer t) || t != type) {
        continue;
      }
      Optional<String> value =
          switch (san.get(1)) {
            case String s when type == SAN_RFC822 -> Optional.of(s);
            case byte[] der when type == SAN_OTHER_NAME -> upn(der);
            default -> Optional.empty();
          };
      if (value.isPresent() && !value.get().isEmpty()) {
        return value;
      }
    }
    return Optional.empty();
  }

  /** The UPN from an otherName's DER (with or without its [0] context tag). */
  static Optional<String> upn(byte[] der) {
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(der);
      if (p instanceof ASN1TaggedObject tagged) {
        p = ASN1Sequence.getInstance(tagged, false);
      }
      if (!(p instanceof ASN1Sequence seq) || seq.size() != 2) {
        return Optional.empty();
      }
      if (!(seq.getObjectAt(0) instanceof ASN1ObjectIdentifier oid)
          || !oid.getId().equals(UPN_OID)
          || !(seq.getObjectAt(1) instanceof ASN1TaggedObject value)) {
        return Optional.empty();
      }
      ASN1Encodable inner = value.getExplicitBaseObject();
      return inner instanceof ASN1String s ? Optional.of(s.getString()) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
