package org.p2sgate.core.config;

import java.time.Duration;
import java.util.Objects;
import org.p2sgate.auth.cert.IdentitySource;
import org.p2sgate.auth.entra.EntraConfig;
import org.p2sgate.auth.radius.RadiusConfig;

/**
 * How clients authenticate after the TLS handshake (which always checks the client certificate).
 *
 * @param policy the methods every client must pass, in order, e.g. "certificate" or
 *     "certificate+radius"; validated against the configured methods at start-up
 * @param radius the RADIUS method's settings, or {@code null} when not configured
 * @param entra the Entra ID token method's settings, or {@code null} when not configured
 * @param timeout how long one authentication may take before the client is refused
 * @param token session tokens pushed after a full login, or {@code null} for none
 * @param certificateIdentity where a client certificate's identity comes from: CN, UPN or e-mail
 * @param sso browser sign-in (method {@code sso}), or {@code null} when not configured
 */
public record AuthSettings(
    String policy,
    RadiusConfig radius,
    EntraConfig entra,
    Duration timeout,
    Token token,
    IdentitySource certificateIdentity,
    SsoSettings sso) {

  /** Settings without browser sign-in. */
  public AuthSettings(
      String policy,
      RadiusConfig radius,
      EntraConfig entra,
      Duration timeout,
      Token token,
      IdentitySource certificateIdentity) {
    this(policy, radius, entra, timeout, token, certificateIdentity, null);
  }

  /**
   * {@code auth-token} settings.
   *
   * @param secret the HMAC key, shared by every gateway that should accept the tokens (secret)
   * @param lifetime how long a token replaces a full login
   */
  public record Token(byte[] secret, Duration lifetime) {
    @Override
    public String toString() {
      return "Token[lifetime=" + lifetime + "]";
    }
  }

  /** Certificate only: what an OpenVPN server with {@code ca} and no plugins does. */
  public static final AuthSettings CERTIFICATE =
      new AuthSettings(
          "certificate", null, null, Duration.ofSeconds(60), null, IdentitySource.COMMON_NAME);

  public AuthSettings {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(certificateIdentity, "certificateIdentity");
  }

  @Override
  public String toString() {
    return "AuthSettings[policy="
        + policy
        + (radius != null ? ", radius=" + radius.primary().host() : "")
        + (entra != null ? ", entra tenant " + entra.tenantId() : "")
        + (sso != null ? ", sso " + sso.oidc().issuer() : "")
        + "]";
  }
}
