/**
 * Per-client sessions and the demultiplexer in front of them: the front door (reset exchange and
 * stateless cookie, pending limits, {@code FrontDoor}), the session table ({@code SessionManager}),
 * and per session its state, login record, key states and renegotiation, key method 2, push, data
 * channel, timers.
 *
 * <p>Spec: {@code shared/docs/openvpn-wire-protocol.md} sections 4, 5, 7, 9, 10 and 12. Pure: bytes
 * and time in, bytes out through an {@code Outbox}; no sockets, threads or clock reads.
 */
package org.p2sgate.core.session;
