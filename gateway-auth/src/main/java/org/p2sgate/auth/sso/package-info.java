/**
 * Browser sign-in ("web auth") for stock OpenVPN clients: the login goes pending (OpenVPN's {@code
 * AUTH_PENDING} with {@code INFO_PRE,WEB_AUTH::<url>}), the user opens the gateway's own HTTPS
 * page, which sends them to an OpenID Connect provider (Entra ID, or any other) with the
 * authorization-code flow and PKCE; the provider sends them back to the gateway's callback, which
 * exchanges the code, validates the ID token and completes the pending login.
 *
 * <p>Specs: OpenID Connect Core 1.0 sections 3.1 (code flow) and 3.1.3.7 (ID token validation); RFC
 * 7636 (PKCE, S256); RFC 6749 section 10.12 (state against CSRF); OpenVPN's {@code
 * doc/management-notes.txt} ("client-pending-auth", "webauth and openurl") and {@code
 * src/openvpn/push.c} {@code send_auth_pending_messages} (2.7.6) for what the client is sent. Built
 * from Nimbus OAuth 2.0 SDK parts: {@code AuthenticationRequest}, {@code TokenRequest} with {@code
 * AuthorizationCodeGrant} and a {@code CodeVerifier}, {@code IDTokenValidator} (issuer, audience,
 * signature against the provider's JWKS, nonce, expiry).
 *
 * <p>Nothing secret is logged: not the client secret, the code, the verifier, the tokens, nor the
 * one-time start link.
 */
package org.p2sgate.auth.sso;
