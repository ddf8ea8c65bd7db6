/**
 * The authentication SPI: one-method {@link org.p2sgate.auth.Authenticator}s returning an {@link
 * org.p2sgate.auth.AuthResult} that tells accepted, rejected, challenged and undecided apart.
 * Anchors: Apache MINA SSHD {@code PasswordAuthenticator}; Nimbus {@code BadJOSEException} vs
 * {@code JOSEException}.
 */
package org.p2sgate.auth;
