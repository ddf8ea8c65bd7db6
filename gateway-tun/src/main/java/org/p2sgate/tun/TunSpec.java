package org.p2sgate.tun;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What to create: a TUN device named {@code name} (which may contain one {@code %d} for the kernel
 * to fill in), with {@code mtu}, and the local address {@code address/prefixLength}.
 *
 * @param name requested interface name, 1 to 15 ASCII characters ({@code IFNAMSIZ} - 1 in {@code
 *     linux/if.h}), no whitespace or {@code '/'}
 * @param mtu 68 (the IPv4 minimum, RFC 791) to 65535
 * @param address the device's own IPv4 address
 * @param prefixLength 1 to 32
 * @param address6 the device's own IPv6 address, or {@code null} for none
 * @param prefixLength6 1 to 128 with {@code address6}, else ignored
 * @param txQueueLen packets the kernel queues for each of the device's readers ({@code ip link set
 *     txqueuelen}), or 0 for the kernel's default (500)
 */
public record TunSpec(
    String name,
    int mtu,
    Inet4Address address,
    int prefixLength,
    Inet6Address address6,
    int prefixLength6,
    int txQueueLen) {

  /** IPv4 only. */
  public TunSpec(String name, int mtu, Inet4Address address, int prefixLength) {
    this(name, mtu, address, prefixLength, null, 0);
  }

  /** With the kernel's queue length. */
  public TunSpec(
      String name,
      int mtu,
      Inet4Address address,
      int prefixLength,
      Inet6Address address6,
      int prefixLength6) {
    this(name, mtu, address, prefixLength, address6, prefixLength6, 0);
  }

  /** {@code IFNAMSIZ} in {@code linux/if.h}, which counts the terminating NUL. */
  public static final int IFNAMSIZ = 16;

  public static final int MIN_MTU = 68;
  public static final int MAX_MTU = 65535;

  public TunSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length >= IFNAMSIZ) {
      throw new IllegalArgumentException(
          "TUN name must be 1 to " + (IFNAMSIZ - 1) + " characters: '" + name + "'");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == '/' || c == ':') {
        throw new IllegalArgumentException(
            "TUN name must be printable ASCII without space, '/' or ':': '" + name + "'");
      }
    }
    if (name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("TUN name must not be '" + name + "'");
    }
    if (name.indexOf('%') >= 0
        && (!name.contains("%d") || name.indexOf('%') != name.lastIndexOf('%'))) {
      throw new IllegalArgumentException(
          "TUN name may contain '%' only as a single %d: '" + name + "'");
    }
    if (mtu < MIN_MTU || mtu > MAX_MTU) {
      throw new IllegalArgumentException(
          "TUN mtu must be " + MIN_MTU + " to " + MAX_MTU + ": " + mtu);
    }
    if (prefixLength < 1 || prefixLength > 32) {
      throw new IllegalArgumentException("TUN prefix length must be 1 to 32: " + prefixLength);
    }
    if (address6 != null && (prefixLength6 < 1 || prefixLength6 > 128)) {
      throw new IllegalArgumentException(
          "TUN IPv6 prefix length must be 1 to 128: " + prefixLength6);
    }
    if (txQueueLen < 0) {
      throw new IllegalArgumentException("TUN txqueuelen must not be negative: " + txQueueLen);
    }
    if (address6 != null && mtu < 1280) {
      throw new IllegalArgumentException(
          "TUN mtu must be at least 1280 for IPv6 (RFC 8200): " + mtu);
    }
  }

  /** {@code address/prefixLength}, as {@code ip address add} takes it. */
  public String cidr() {
    return address.getHostAddress() + "/" + prefixLength;
  }

  /** {@code address6/prefixLength6}, or {@code null} without an IPv6 address. */
  public String cidr6() {
    return address6 == null ? null : address6.getHostAddress() + "/" + prefixLength6;
  }
}
