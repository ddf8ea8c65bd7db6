/**
 * OpenVPN packet framing: opcodes, key ids, session ids and the shared control-packet body.
 *
 * <p>Spec: {@code shared/docs/openvpn-wire-protocol.md} section 1; reference {@code
 * src/openvpn/ssl_pkt.h}, {@code reliable.c} ({@code reliable_ack_write/parse}). Parsers here are
 * total: every length is checked before it is read.
 */
package org.p2sgate.core.wire;
