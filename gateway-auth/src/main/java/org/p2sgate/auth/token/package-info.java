/**
 * HMAC-signed session tokens ({@code auth-token}), so that renegotiations and reconnects do not ask
 * RADIUS or the identity provider again. Wire doc 9.4 ({@code auth-token}, {@code
 * auth-token-user}).
 */
package org.p2sgate.auth.token;
