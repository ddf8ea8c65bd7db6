/**
 * TCP segments coalesced into one GSO packet for a TUN device opened with {@code IFF_VNET_HDR} (the
 * kernel's {@code virtio_net_hdr}): a batch of IP packets bound for the TUN is planned ({@link
 * org.p2sgate.tun.offload.TcpCoalescing}) and each run of one flow's segments is written as one
 * packet ({@link org.p2sgate.tun.offload.GsoPacket}), which the kernel takes through its stack once
 * and segments again only where it must. Pure: byte arrays in, byte arrays out.
 */
package org.p2sgate.tun.offload;
