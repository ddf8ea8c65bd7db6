/**
 * The authentication SPI: one-method {@link org.p2sgate.auth.Authenticator}s returning an {@link
 * org.p2sgate.auth.AuthResult} that tells accepted, rejected, challenged and undecided apart.
 *
 * <p>Around it: {@link org.p2sgate.auth.AuthMethods} (the configured methods by name), {@link
 * org.p2sgate.auth.AuthPolicy} (named combinations such as {@code certificate+radius}, validated at
 * start-up and composed into a {@link org.p2sgate.auth.ChainedAuthenticator}), the {@link
 * org.p2sgate.auth.AcceptAll} / {@link org.p2sgate.auth.RejectAll} singletons and the {@link
 * org.p2sgate.auth.TimeoutAuthenticator} and {@link org.p2sgate.auth.CachingAuthenticator}
 * decorators.
 *
 * <p>Anchors: Apache MINA SSHD {@code PasswordAuthenticator}, {@code
 * AcceptAllPasswordAuthenticator.INSTANCE}, {@code ServerUserAuthService}; Nimbus {@code
 * BadJOSEException} vs {@code JOSEException}.
 */
package org.p2sgate.auth;
