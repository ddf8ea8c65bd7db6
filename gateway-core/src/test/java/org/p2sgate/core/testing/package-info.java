/**
 * Test fixtures for pure, socket-free tests of the gateway's protocol core (house rules 1, 2, 13).
 *
 * <ul>
 *   <li>{@link org.p2sgate.core.testing.TestPki}: an in-memory EC P-256 CA with server and client
 *       certificates, and foreign CAs, as JCA objects and PEM text.
 *   <li>{@link org.p2sgate.core.testing.TestPeer} and {@link
 *       org.p2sgate.core.testing.RecordingOutbox}: a UDP or TCP peer by name, and an outbox that
 *       records packets per peer, TUN packets and closed streams.
 *   <li>{@link org.p2sgate.core.testing.TestOpenVpnClient}: a minimal OpenVPN 2.6 client, pure and
 *       driven by the test (packets and time in, packets out). Its parts, one per layer: {@code
 *       ClientControlChannel} (wrap, session ids, replay, acks, TLS chunking), {@code
 *       ClientKeyState} (one key id: reliability, TLS, key method 2), {@code ClientTls} (bctls
 *       {@code TlsClientProtocol}, non-blocking, certificate checks, tls-ekm export), {@code
 *       ClientHandshake} (a key state's progress), {@code ClientKeyMethod2} (messages, the legacy
 *       PRF written independently of the gateway's), {@code ClientMessages} (PUSH_REPLY,
 *       AUTH_FAILED and other text), {@code ClientDataChannel} (P_DATA_V1/V2 with the gateway's
 *       {@code DataSealer}/{@code DataOpener} in the client's directions). It is configured by
 *       {@link org.p2sgate.core.testing.TestClientConfig}: wrap and key, certificate and CA,
 *       IV_CIPHERS, IV_PROTO, UDP or TCP, TLS versions, seed.
 *   <li>{@link org.p2sgate.core.testing.TestGateway}: a {@code SessionManager} built as {@code
 *       GatewayServer} builds it, with clients on peers and a deterministic scheduler: time is a
 *       {@code long} of milliseconds that only the test advances ({@code step}, {@code advance},
 *       {@code runUntil} with a time budget), the gateway's timers run on each step, and optional
 *       packet loss comes from a seeded {@code Random}.
 * </ul>
 *
 * <p>Where the test client follows the reference client rather than the gateway's reading of the
 * spec (the key-method-2 message must be the first plaintext, acks are repeated from an MRU list,
 * no TLS alert is sent on failure, as in 2.6), its source says so, with the wire doc section or the
 * reference function. Spec: {@code shared/docs/openvpn-wire-protocol.md}, sections 1 to 10 and 12.
 */
package org.p2sgate.core.testing;
