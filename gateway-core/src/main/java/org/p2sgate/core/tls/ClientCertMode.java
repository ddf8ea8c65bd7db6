package org.p2sgate.core.tls;

/**
 * What the TLS handshake asks of the client's certificate (OpenVPN's {@code verify-client-cert}),
 * derived from the authentication policies.
 */
public enum ClientCertMode {
  /** Every policy names {@code certificate}: a client without one is refused in TLS. */
  REQUIRED,
  /** Some policies do: a certificate is asked for, and checked when one comes. */
  OPTIONAL,
  /** None does (only {@code radius}, {@code entra}): no certificate is asked for. */
  NONE
}
