/**
 * The Linux TUN driver, seen through {@link org.p2sgate.tun.TunDevice}.
 *
 * <p>{@link org.p2sgate.tun.linux.LinuxTun} opens {@code /dev/net/tun} and attaches a layer-3
 * device with {@code ioctl(TUNSETIFF, IFF_TUN | IFF_NO_PI)}, as described in the kernel's <a
 * href="https://docs.kernel.org/networking/tuntap.html">Universal TUN/TAP device driver</a>
 * (section 3.2, "Network device allocation"); constants come from {@code linux/if_tun.h} and {@code
 * linux/if.h}. The address, MTU and link state are set with iproute2's {@code ip} ({@code IpLink}).
 *
 * <p>Native calls go through JNA in two ways, following the measurements in the project's platform
 * notes (2b): control-plane calls ({@code open}, {@code ioctl}, {@code close}) through interface
 * mapping ({@code LibC}); the per-packet {@code poll}, {@code read} and {@code write} through
 * direct mapping ({@code DirectIo}) on native memory, which costs about a tenth as much per call.
 *
 * <p>Needs root or {@code CAP_NET_ADMIN}, and in a container {@code --device /dev/net/tun}.
 */
package org.p2sgate.tun.linux;
