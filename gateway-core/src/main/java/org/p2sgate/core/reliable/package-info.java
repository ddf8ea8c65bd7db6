/**
 * OpenVPN's control-channel reliability layer: selective acks, retransmission with backoff,
 * in-order delivery to TLS. One sender and one receiver per key state.
 *
 * <p>Spec: {@code shared/docs/openvpn-wire-protocol.md} section 2; reference {@code
 * src/openvpn/reliable.c}, {@code reliable.h}, {@code ssl_pkt.h}. Constants keep OpenVPN's names.
 */
package org.p2sgate.core.reliable;
