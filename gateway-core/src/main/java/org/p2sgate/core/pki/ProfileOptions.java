package org.p2sgate.core.pki;

import java.util.List;
import java.util.Objects;
import org.p2sgate.core.config.Remote;

/**
 * What a client profile says beyond the gateway's configuration.
 *
 * @param remotes where the client connects, tried in order; at least one
 * @param methods the methods of the login policy the profile is for ("certificate", "radius",
 *     "entra"): a certificate is included only for {@code certificate}, {@code auth-user-pass} for
 *     the others
 * @param staticChallenge the OTP prompt for a RADIUS policy, or {@code null}
 */
public record ProfileOptions(List<Remote> remotes, List<String> methods, String staticChallenge) {
  public ProfileOptions {
    remotes = List.copyOf(remotes);
    methods = List.copyOf(methods);
    if (remotes.isEmpty()) {
      throw new IllegalArgumentException("a profile needs at least one remote");
    }
    Objects.requireNonNull(methods, "methods");
  }

  /** Whether the policy needs the client's certificate. */
  public boolean certificate() {
    return methods.contains("certificate");
  }

  /**
   * Whether the profile needs {@code auth-user-pass}: for a password (RADIUS) or token (Entra ID),
   * and for browser sign-in ({@code sso}), where a client without a certificate must still have
   * some client-side authentication to start (OpenVPN Connect and the GUI add IV_SSO themselves).
   */
  public boolean password() {
    return methods.contains("radius") || methods.contains("entra") || methods.contains("sso");
  }
}
