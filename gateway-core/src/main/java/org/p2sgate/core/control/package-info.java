/**
 * Control-channel wrapping: none, tls-auth (HMAC) and tls-crypt (AES-256-CTR + HMAC-SHA256), and
 * the OpenVPN static key file format.
 *
 * <p>Spec: {@code shared/docs/openvpn-wire-protocol.md} section 3; reference {@code
 * src/openvpn/ssl_pkt.c} ({@code swap_hmac}, {@code tls_wrap_control}) and {@code tls_crypt.c}.
 */
package org.p2sgate.core.control;
