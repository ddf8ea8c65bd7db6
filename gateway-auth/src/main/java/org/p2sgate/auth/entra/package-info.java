/**
 * Entra ID (Azure AD) access tokens as OpenVPN passwords: the Azure VPN client sends the username
 * {@code AzureAD} and an OAuth 2.0 access token as the password of key method 2.
 *
 * <p>The token is checked by composing Nimbus JOSE+JWT parts with explicit allow-lists (house rule
 * 12): {@code DefaultJWTProcessor}, a {@code JWSVerificationKeySelector} allowing RS256 only, the
 * tenant's JWKS from the OIDC discovery document through {@code JWKSourceBuilder} (cache,
 * refresh-ahead, rate-limited refresh on an unknown {@code kid}; outage tolerance by the cache's
 * lifetime, and exponential backoff after failed fetches, in {@code DiscoveryJwkSource}), and
 * {@code DefaultJWTClaimsVerifier} (audience allow-list, exact {@code tid}, required exp/nbf/iat
 * with a clock skew). Specs: RFC 7519 (JWT), RFC 7517 (JWK), OpenID Connect Discovery 1.0 section
 * 4; Microsoft identity platform access token claims reference.
 *
 * <p><b>Limits of the stock OpenVPN 2.6 client</b> (release/2.6, commit c9b790f5):
 *
 * <ul>
 *   <li>{@code src/openvpn/misc.h:66-70}: {@code USER_PASS_LEN} is 4096 when built with {@code
 *       ENABLE_PKCS11} and 128 otherwise; username and password are NUL-terminated {@code
 *       char[USER_PASS_LEN]} (misc.h:72-73), so at most 4095 (or 127) password bytes.
 *   <li>{@code src/openvpn/common.h:69}: {@code TLS_CHANNEL_BUF_SIZE} is 2048, and the client
 *       writes its whole key-method-2 message (options string, username, password, peer-info) into
 *       {@code ks->plaintext_write_buf = alloc_buf(TLS_CHANNEL_BUF_SIZE)} ({@code
 *       src/openvpn/ssl.c:1015}, written at ssl.c:3003-3007 via {@code key_method_2_write},
 *       password at ssl.c:2290). So a stock 2.6 client carries a token of well under 2 KiB in
 *       practice.
 *   <li>{@code src/openvpn/ssl.c:2426-2427}: a 2.6 server reads username and password with {@code
 *       read_string(buf, ..., USER_PASS_LEN)} and drops longer ones.
 * </ul>
 *
 * Real Entra access tokens are several KB, which is why the Azure VPN client (not stock OpenVPN
 * 2.6) is the usual carrier; this package accepts tokens up to {@link
 * org.p2sgate.auth.entra.EntraConfig#maxTokenLength()} characters.
 */
package org.p2sgate.auth.entra;
