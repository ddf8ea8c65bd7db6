/**
 * Key method 2, peer-info, negotiation (cipher, tls-ekm, compression migration), data-key
 * derivation (tls-ekm or the legacy PRF) and PUSH_REPLY.
 *
 * <p>Spec: {@code shared/docs/openvpn-wire-protocol.md} sections 5, 6, 8, 9.4 and 12; reference
 * {@code src/openvpn/ssl.c} ({@code key_method_2_read/write}), {@code ssl_ncp.c}, {@code push.c}.
 */
package org.p2sgate.core.keyexchange;
