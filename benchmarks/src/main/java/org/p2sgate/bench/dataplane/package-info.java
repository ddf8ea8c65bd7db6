/**
 * The gateway's whole per-packet data path measured with JMH, socket-free: a {@code SessionManager}
 * of gateway-core with sessions logged in over the pure API by the in-memory OpenVPN 2.6 client of
 * gateway-core's test fixtures (decision 21), fed one packet per operation, its output going to an
 * {@link org.p2sgate.bench.dataplane.CountingOutbox} that keeps nothing.
 *
 * <ul>
 *   <li>{@link org.p2sgate.bench.dataplane.ForwardingBenchmark}: client to gateway (open, checks,
 *       TUN) and gateway to client (route, seal, peer), per cipher and inner packet size.
 *   <li>{@link org.p2sgate.bench.dataplane.RouteLookupBenchmark}: the tunnel-address lookup and the
 *       whole TUN-side path with 10 to 10,000 sessions.
 *   <li>{@link org.p2sgate.bench.dataplane.InMemoryGateway}: the set-up both share.
 * </ul>
 */
package org.p2sgate.bench.dataplane;
