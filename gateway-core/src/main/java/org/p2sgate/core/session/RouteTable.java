package org.p2sgate.core.session;

import org.p2sgate.core.ippool.IpPool;

/**
 * Which session owns a tunnel address, looked up by the address's offset in the pool: two array
 * loads per packet, no boxing, no hashing. Pages of {@value #PAGE} entries are made as addresses in
 * them are handed out, so a /8 pool with a few clients costs a few pages, not 16 million entries.
 */
final class RouteTable<T> {
  static final int PAGE_BITS = 10;
  static final int PAGE = 1 << PAGE_BITS;

  private final IpPool pool;
  private final Object[][] pages;
  private int size;

  RouteTable(IpPool pool) {
    this.pool = pool;
    this.pages = new Object[(pool.size() + PAGE - 1) >>> PAGE_BITS][];
  }

  /** The session at {@code address}, or {@code null}. */
  @SuppressWarnings("unchecked")
  T get(int address) {
    return atOffset(pool.offsetOf(address));
  }

  /** The session at pool offset {@code i} (-1: none), or {@code null}. */
  @SuppressWarnings("unchecked")
  T atOffset(int i) {
    if (i < 0 || i >= pool.size()) {
      return null;
    }
    Object[] page = pages[i >>> PAGE_BITS];
    return page == null ? null : (T) page[i & (PAGE - 1)];
  }

  /** Routes {@code address} to {@code s}; false (and nothing changes) outside the pool. */
  boolean put(int address, T s) {
    int i = pool.offsetOf(address);
    if (i < 0) {
      return false;
    }
    Object[] page = pages[i >>> PAGE_BITS];
    if (page == null) {
      page = pages[i >>> PAGE_BITS] = new Object[PAGE];
    }
    if (page[i & (PAGE - 1)] == null) {
      size++;
    }
    page[i & (PAGE - 1)] = s;
    return true;
  }

  /** Removes the route of {@code address} if it leads to {@code s}; whether it did. */
  boolean remove(int address, T s) {
    int i = pool.offsetOf(address);
    Object[] page = i < 0 ? null : pages[i >>> PAGE_BITS];
    if (page == null || page[i & (PAGE - 1)] != s || s == null) {
      return false;
    }
    page[i & (PAGE - 1)] = null;
    size--;
    return true;
  }

  /** Routed addresses. */
  int size() {
    return size;
  }
}
