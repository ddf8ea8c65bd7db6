package org.p2sgate.tun.route;

/**
 * An IPv4 network: {@code address} (host bits zero) and its prefix {@code length}, 0..32. Ordered
 * by address, then by length (shorter first).
 */
public record Ipv4Prefix(int address, int length) implements Comparable<Ipv4Prefix> {

  public Ipv4Prefix {
    if (length < 0 || length > 32) {
      throw new IllegalArgumentException("prefix length must be 0..32, got " + length);
    }
    if ((address & mask(length)) != address) {
      throw new IllegalArgumentException("host bits set in " + text(address) + "/" + length);
    }
  }

  /** The netmask of a prefix length as an int ({@code /24}: {@code 0xffffff00}). */
  public static int mask(int length) {
    return length == 0 ? 0 : -1 << (32 - length);
  }

  /** Whether {@code other} lies within this network (or is it). */
  public boolean contains(Ipv4Prefix other) {
    return other.length >= length && (other.address & mask(length)) == address;
  }

  /** Whether the two networks share any address. */
  public boolean overlaps(Ipv4Prefix other) {
    return contains(other) || other.contains(this);
  }

  /** The network address, dotted ({@code 10.1.0.0}). */
  public String addressText() {
    return text(address);
  }

  /** The netmask, dotted ({@code 255.255.0.0}). */
  public String maskText() {
    return text(mask(length));
  }

  @Override
  public int compareTo(Ipv4Prefix o) {
    int c = Integer.compareUnsigned(address, o.address);
    return c != 0 ? c : Integer.compare(length, o.length);
  }

  /** {@code 10.1.0.0/16}. */
  @Override
  public String toString() {
    return text(address) + "/" + length;
  }

  private static String text(int a) {
    return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
  }
}
