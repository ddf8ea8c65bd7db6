package org.p2sgate.auth.cert;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.p2sgate.auth.AuthContext;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.Authenticator;
import org.p2sgate.auth.Credentials;

/**
 * The {@code certificate} method: the client's chain must validate (PKIX, at the injected clock's
 * time) to a certificate of the {@link TrustStore}, no certificate of the validated chain (root
 * included) may be revoked, the leaf must carry the clientAuth extended key usage (required: a leaf
 * without an EKU extension, or with only anyExtendedKeyUsage, is refused), and the leaf must hold
 * the identity that the {@link IdentitySource} reads.
 *
 * <p>Refusal reasons, checked in this order: "no client certificate", "not issued by a trusted CA",
 * "certificate expired", "certificate not yet valid", "revoked (thumbprint list)", "revoked by CRL
 * of &lt;issuer DN&gt;", "no clientAuth EKU", and the identity source's missing reason. A revoked
 * issuing CA adds ": CA &lt;its DN&gt;" to the revocation reason.
 *
 * <p>The check is CPU work only and completes before {@code authenticate} returns.
 */
public final class CertificateAuthenticator implements Authenticator {
  static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  private final TrustStore trustStore;
  private final PathValidator validator;
  private final RevocationList revocations;
  private final IdentitySource identitySource;
  private final Clock clock;

  public CertificateAuthenticator(
      TrustStore trustStore,
      RevocationList revocations,
      IdentitySource identitySource,
      Clock clock) {
    this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
    this.validator = new PathValidator(trustStore.certificates());
    this.revocations = Objects.requireNonNull(revocations, "revocations");
    this.identitySource = Objects.requireNonNull(identitySource, "identitySource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Without revocation checks. */
  public CertificateAuthenticator(
      TrustStore trustStore, IdentitySource identitySource, Clock clock) {
    this(trustStore, RevocationList.none(trustStore), identitySource, clock);
  }

  @Override
  public CompletionStage<AuthResult> authenticate(Credentials credentials, AuthContext context) {
    AuthResult result;
    try {
      result = check(credentials.certificateChain());
    } catch (RuntimeException e) {
      result = new AuthResult.Unavailable("certificate check failed: " + e.getClass().getName());
    }
    return CompletableFuture.completedFuture(result);
  }

  /**
   * The outcome of a check and, when the chain validated, the path it validated along: leaf first,
   * trust anchor last. That path, not the chain as presented, is what later revocation checks must
   * look at: a client may append certificates of its own (a self-signed look-alike of the real CA)
   * that validation sets aside.
   */
  public record Checked(AuthResult result, List<X509Certificate> path) {
    public Checked {
      path = List.copyOf(path);
    }
  }

  /**
   * Checks a chain as the client sent it.
   *
   * @param chain leaf first; intermediates in order; the root may be included or left out
   */
  public AuthResult check(List<X509Certificate> chain) {
    return checkPath(chain).result();
  }

  /** As {@link #check}, with the validated path (empty when validation failed). */
  public Checked checkPath(List<X509Certificate> chain) {
    if (chain.isEmpty()) {
      return new Checked(new AuthResult.Rejected("no client certificate"), List.of());
    }
    X509Certificate leaf = chain.get(0);
    List<X509Certificate> validated;
    try {
      validated = validate(chain);
    } catch (CertPathValidatorException e) {
      return new Checked(new AuthResult.Rejected(describe(e, chain)), List.of());
    } catch (GeneralSecurityException e) {
      return new Checked(
          new AuthResult.Rejected("chain not valid: " + e.getClass().getSimpleName()), List.of());
    }
    return new Checked(checkValidated(leaf, validated), validated);
  }

  private AuthResult checkValidated(X509Certificate leaf, List<X509Certificate> validated) {
    Optional<String> revoked = revocations.check(validated);
    if (revoked.isPresent()) {
      return new AuthResult.Rejected(revoked.get());
    }
    if (!hasClientAuth(leaf)) {
      return new AuthResult.Rejected("no clientAuth EKU");
    }
    Optional<String> identity = identitySource.identityOf(leaf);
    if (identity.isEmpty()) {
      return new AuthResult.Rejected(identitySource.missingReason());
    }
    X509Certificate anchor = validated.get(validated.size() - 1);
    return new AuthResult.Accepted(
        identity.get(),
        Map.of(
            "cert.subject", leaf.getSubjectX500Principal().getName(),
            "cert.issuer", leaf.getIssuerX500Principal().getName(),
            "cert.serial", leaf.getSerialNumber().toString(16),
            "cert.sha1", Thumbprints.sha1(leaf),
            "cert.sha256", Thumbprints.sha256(leaf),
            "cert.trust-anchor", anchor.getSubjectX500Principal().getName()));
  }

  /** PKIX validation; returns the path with its trust anchor appended. */
  private List<X509Certificate> validate(List<X509Certificate> chain)
      throws GeneralSecurityException {
    List<X509Certificate> path = new ArrayList<>(chain);
    // a trailing trusted (or self-signed) certificate is the anchor, not part of the path
    while (path.size() > 1) {
      X509Certificate last = path.get(path.size() - 1);
      boolean selfIssued = last.getSubjectX500Principal().equals(last.getIssuerX500Principal());
      if (!selfIssued && !trustStore.contains(last)) {
        break;
      }
      path.remove(path.size() - 1);
    }
    return validator.validate(path, Date.from(clock.instant()));
  }

  private static String describe(CertPathValidatorException e, List<X509Certificate> chain) {
    int index = e.getIndex();
    String who =
        index > 0 && index < chain.size()
            ? " (CA " + chain.get(index).getSubjectX500Principal().getName() + ")"
            : "";
    if (e.getCause() instanceof CertificateExpiredException) {
      return "certificate expired" + who;
    }
    if (e.getCause() instanceof CertificateNotYetValidException) {
      return "certificate not yet valid" + who;
    }
    if (e.getReason() instanceof CertPathValidatorException.BasicReason r) {
      return switch (r) {
        case EXPIRED -> "certificate expired" + who;
        case NOT_YET_VALID -> "certificate not yet valid" + who;
        case INVALID_SIGNATURE -> "not issued by a trusted CA";
        default -> "chain not valid (" + r + ")";
      };
    }
    if (e.getReason() == java.security.cert.PKIXReason.NO_TRUST_ANCHOR) {
      return "not issued by a trusted CA";
    }
    if (e.getReason() instanceof CertPathValidatorException.Reason r) {
      return "chain not valid (" + r + ")";
    }
    return "chain not valid";
  }

  private static boolean hasClientAuth(X509Certificate leaf) {
    try {
      List<String> eku = leaf.getExtendedKeyUsage();
      return eku != null && eku.contains(CLIENT_AUTH);
    } catch (CertificateParsingException e) {
      return false;
    }
  }

  public TrustStore trustStore() {
    return trustStore;
  }

  public RevocationList revocations() {
    return revocations;
  }

  @Override
  public String toString() {
    return "CertificateAuthenticator["
        + trustStore
        + ", "
        + revocations
        + ", identity="
        + identitySource
        + "]";
  }
}
