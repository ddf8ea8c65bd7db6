package org.p2sgate.core.ippool;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The IPv4 client pool of a {@code topology subnet} server ({@code server NET MASK}): the gateway
 * owns the first host address, clients get the others, lowest free first. Addresses are sticky per
 * identity, as OpenVPN's {@code ifconfig-pool-persist} makes them: an identity gets the address it
 * had last, if free; new identities get addresses nobody remembers first. What is remembered can be
 * saved and restored across restarts ({@link #remembered()}, {@link #remember}). Pure and
 * deterministic; synchronized, as the session tables of a gateway that runs several share it (the
 * address arithmetic, {@link #offsetOf} and {@link #contains}, reads only what never changes).
 */
public final class IpPool {
  private final int network;
  private final int prefix;
  private final int size;
  private final BitSet used;

  /** Addresses (offsets) an identity remembers, and who remembers each. */
  private final Map<String, Integer> byIdentity = new HashMap<>();

  private final Map<Integer, String> byOffset = new HashMap<>();
  private final BitSet reserved;
  private long version;

  /** Addresses handed out now; readable from any thread (the metrics). */
  private volatile int inUse;

  public IpPool(Inet4Address network, int prefix) {
    if (prefix < 8 || prefix > 30) {
      throw new IllegalArgumentException("pool prefix must be /8../30");
    }
    int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
    this.network = toInt(network) & mask;
    this.prefix = prefix;
    this.size = 1 << (32 - prefix);
    this.used = new BitSet(size);
    this.reserved = new BitSet(size);
    used.set(0); // network address
    used.set(1); // the gateway
    used.set(size - 1); // broadcast
  }

  public Inet4Address gatewayAddress() {
    return toAddress(network + 1);
  }

  public String netmask() {
    return toAddress(prefix == 0 ? 0 : -1 << (32 - prefix)).getHostAddress();
  }

  public int prefix() {
    return prefix;
  }

  /** The lowest free address, or {@code null} when the pool is exhausted. */
  public synchronized Inet4Address allocate() {
    return allocateFor(null);
  }

  /**
   * An address for {@code identity} ({@code null}: nobody in particular): the one it had last if
   * that is free, else the lowest free address nobody remembers, else the lowest free one.
   *
   * @return the address, or {@code null} when the pool is exhausted
   */
  public synchronized Inet4Address allocateFor(String identity) {
    return allocateIn(identity, 0, size - 1);
  }

  /**
   * As {@link #allocateFor}, within {@code net/netPrefix} only (a part of this pool: an access
   * group's addresses); the identity's last address counts only if it lies there.
   *
   * @return the address, or {@code null} when that part is exhausted or not in this pool
   */
  public synchronized Inet4Address allocateWithin(
      String identity, Inet4Address net, int netPrefix) {
    long first = (toInt(net) & 0xffffffffL) - (network & 0xffffffffL);
    long last = first + (1L << (32 - netPrefix)) - 1;
    if (first < 0 || last >= size) {
      return null;
    }
    return allocateIn(identity, (int) first, (int) last);
  }

  private Inet4Address allocateIn(String identity, int first, int last) {
    Integer sticky = identity == null ? null : byIdentity.get(identity);
    int i;
    if (sticky != null && !used.get(sticky) && sticky >= first && sticky <= last) {
      i = sticky;
    } else {
      BitSet taken = (BitSet) used.clone();
      taken.or(reserved);
      i = taken.nextClearBit(first);
      if (i > last) {
        i = used.nextClearBit(first);
      }
      if (i > last) {
        return null;
      }
    }
    used.set(i);
    inUse++;
    if (identity != null) {
      remember(identity, i);
    }
    return toAddress(network + i);
  }

  /**
   * Remembers {@code address} as {@code identity}'s (restoring a saved pool); false if not ours.
   */
  public synchronized boolean remember(String identity, Inet4Address address) {
    int i = toInt(address) - network;
    if (i <= 1 || i >= size - 1) {
      return false;
    }
    remember(identity, i);
    return true;
  }

  private void remember(String identity, int offset) {
    Integer before = byIdentity.put(identity, offset);
    if (before != null && before != offset) {
      byOffset.remove(before);
      reserved.clear(before);
    }
    String other = byOffset.put(offset, identity);
    if (other != null && !other.equals(identity)) {
      byIdentity.remove(other); // one identity per address: the newest holder keeps it
    }
    reserved.set(offset);
    version++;
  }

  /** Who remembers which address, in address order (a copy, to be saved). */
  public synchronized Map<String, Inet4Address> remembered() {
    Map<String, Inet4Address> out = new java.util.LinkedHashMap<>();
    new java.util.TreeMap<>(byOffset).forEach((i, who) -> out.put(who, toAddress(network + i)));
    return out;
  }

  /** Changes with every change to what is remembered: a save is due when it moved. */
  public synchronized long version() {
    return version;
  }

  /**
   * Hands out a specific address (e.g. RADIUS Framed-IP-Address).
   *
   * @return whether it was a free client address of this pool
   */
  public synchronized boolean allocate(Inet4Address address) {
    int i = toInt(address) - network;
    if (i <= 1 || i >= size - 1 || used.get(i)) {
      return false;
    }
    used.set(i);
    inUse++;
    return true;
  }

  /** Returns an address to the pool; ignores addresses it did not hand out. */
  public synchronized void release(Inet4Address address) {
    int i = toInt(address) - network;
    if (i > 1 && i < size - 1 && used.get(i)) {
      used.clear(i);
      inUse--;
    }
  }

  /** Where {@code address} lies in the pool (0 is the network address), or -1 outside it. */
  public int offsetOf(int address) {
    int i = address - network;
    return i >= 0 && i < size ? i : -1;
  }

  /** Addresses in the pool, network, gateway and broadcast included. */
  public int size() {
    return size;
  }

  public boolean contains(int address) {
    return (address - network) >= 0 && (address - network) < size;
  }

  public synchronized boolean isAllocated(Inet4Address address) {
    int i = toInt(address) - network;
    return i > 1 && i < size - 1 && used.get(i);
  }

  /** Addresses handed out now (thread safe). */
  public int allocatedCount() {
    return inUse;
  }

  /** Client addresses of the pool: all but network, gateway and broadcast. */
  public int clientAddresses() {
    return size - 3;
  }

  public static int toInt(InetAddress a) {
    byte[] b = a.getAddress();
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }

  public static Inet4Address toAddress(int v) {
    try {
      return (Inet4Address)
          InetAddress.getByAddress(
              new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
