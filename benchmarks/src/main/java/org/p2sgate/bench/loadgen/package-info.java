/**
 * A load generator for OpenVPN servers (issue 9, item 1): many sessions of the in-memory OpenVPN
 * 2.6 client of gateway-core's test fixtures ({@code org.p2sgate.core.testing.TestOpenVpnClient})
 * from one process, each on its own UDP socket and source port, against the real {@code openvpn}
 * 2.6 server or p2sgate in the shared netns testbed (decision 21).
 *
 * <ul>
 *   <li>{@link org.p2sgate.bench.loadgen.LoadGen}: the command; modes {@code connect} (N sessions
 *       up, held with keepalives), {@code handshakes} (handshakes per second at a given
 *       concurrency) and {@code bulk} (UDP probe traffic of a chosen size, forward, reverse or
 *       echoed).
 *   <li>{@code SessionLoop} and {@code UdpSession}: the I/O edge, one selector thread; the client
 *       itself stays pure (bytes and time in, bytes out).
 *   <li>{@code Probe}: the inner IPv4/UDP packets and the probe payloads understood by {@link
 *       org.p2sgate.bench.loadgen.Reflector}, the sink/echo/source that runs in the private network
 *       namespace.
 *   <li>{@code benchmarks/loadgen/run.sh}: both servers in one session, a Markdown table and plots.
 * </ul>
 *
 * <p>Every loop is bounded by a count and a time. The generator is not a secure client: its session
 * ids and key-method-2 randoms come from a seeded {@link java.util.Random}.
 */
package org.p2sgate.bench.loadgen;
