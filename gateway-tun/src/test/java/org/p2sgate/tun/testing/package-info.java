/**
 * Test fixtures for the TUN layer, shipped in the gateway-tun test-jar.
 *
 * <p>{@link org.p2sgate.tun.testing.ChannelTun} is the in-memory twin of {@link
 * org.p2sgate.tun.linux.LinuxTun}, so that the data plane runs the same scenarios against fake and
 * real I/O (house rules 3 and 13; wireguard-go {@code tun/tuntest}). {@link
 * org.p2sgate.tun.testing.Packets} builds and reads IPv4 UDP (RFC 768) and ICMP echo (RFC 792)
 * packets with correct checksums (RFC 1071).
 */
package org.p2sgate.tun.testing;
