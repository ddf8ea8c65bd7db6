/**
 * The TUN layer: how IP packets enter and leave the gateway on the host side.
 *
 * <p>{@link org.p2sgate.tun.TunDevice} is one of the two batch interfaces through which all I/O of
 * the gateway passes (house rule 3; the other is the core's {@code DatagramTransport}). It mirrors
 * wireguard-go's {@code tun.Device} ({@code tun/tun.go}): {@code read} fills up to {@code
 * batchSize()} caller buffers, {@code write} drains a batch, and both leave {@code offset} bytes of
 * headroom in front of each packet so that the data plane can seal and open in place.
 *
 * <p>Implementations: {@link org.p2sgate.tun.linux.LinuxTun} (the kernel's {@code /dev/net/tun},
 * see <a href="https://docs.kernel.org/networking/tuntap.html">Universal TUN/TAP device
 * driver</a>), and the in-memory twin {@code org.p2sgate.tun.testing.ChannelTun} in the test-jar.
 *
 * <p>A packet here is a bare IPv4 or IPv6 packet (the device is opened with {@code IFF_NO_PI}).
 */
package org.p2sgate.tun;
