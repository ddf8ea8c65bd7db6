package org.p2sgate.core.session;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.p2sgate.core.observe.DropCounters;
import org.p2sgate.core.observe.DropReason;

/**
 * What the session tables of one gateway share when it runs several, one per data-path thread
 * (decision 35). Each table owns its sessions alone; this is the little that crosses between them,
 * all of it thread-safe:
 *
 * <ul>
 *   <li>admission: which session holds a common name or an auth-token session, how many are
 *       admitted (max-clients), the next client id, under one lock taken once per login;
 *   <li>the pending and new-connection limits ({@link PendingLimits}, {@link CookieRateLimit}), so
 *       that the configured limits hold for the gateway, not per table;
 *   <li>which table owns a pool address (the TUN reader routes packets by it, {@link
 *       #ownerOfPacket}) and a peer-id (by its remainder, {@link #ownerOfPeerId}), and where a UDP
 *       client that floated to an address the kernel hands to another table's socket now lives;
 *   <li>how a table runs work on another's thread ({@link Loops}).
 * </ul>
 *
 * With one table nothing crosses: every lookup answers "this table" and no work is posted.
 */
public final class Shards {
  /** Runs a task on a table's own thread, with that table's outbox, and flushes it after. */
  public interface Loops {
    void run(int table, Task task);
  }

  /** Work for a table, run on its thread. */
  public interface Task {
    void run(SessionManager table, long now, Outbox out);
  }

  /** An admitted session and the table that owns it. */
  record Held(int table, ClientSession session) {}

  private static final int PAGE_BITS = 10;

  /** Packets handed to another table and not yet taken, at most. */
  static final int MAX_HANDOFFS = 4096;

  private final AtomicInteger handoffs = new AtomicInteger();

  private final int count;
  private final Loops loops;
  private final CookieRateLimit rateLimit;
  private final PendingLimits pending;

  private final Object admission = new Object();
  private final Map<String, Held> byCommonName = new HashMap<>();
  private final Map<String, Held> byTokenSession = new HashMap<>();
  private int admitted;
  private long nextClientId;

  private final org.p2sgate.core.ippool.IpPool pool;

  /** The IPv6 pool tied to {@code pool}, or {@code null}: IPv6 destinations route by it. */
  private final org.p2sgate.core.ippool.Ipv6Pool pool6;

  /** Owner table + 1 of each pool offset (0: none), in pages made as they are needed. */
  private final AtomicReferenceArray<AtomicIntegerArray> owners;

  private final Map<Peer, Integer> floated = new ConcurrentHashMap<>();

  /** One table: nothing is shared and no work crosses. */
  public static Shards single(GatewayContext ctx) {
    return new Shards(
        ctx,
        1,
        (table, task) -> {
          throw new IllegalStateException("one session table: no work crosses to table " + table);
        });
  }

  /** {@code count} tables, reached through {@code loops}. */
  public Shards(GatewayContext ctx, int count, Loops loops) {
    if (count < 1 || count > 64) {
      throw new IllegalArgumentException("1 to 64 session tables, not " + count);
    }
    this.count = count;
    this.loops = loops;
    this.rateLimit = new CookieRateLimit(ctx.config().connectRate());
    this.pending =
        new PendingLimits(ctx.config().maxPendingLogins(), ctx.config().maxPendingPerSource());
    this.pool = ctx.pool();
    var net6 = ctx.config().pool6();
    this.pool6 =
        net6 == null
            ? null
            : new org.p2sgate.core.ippool.Ipv6Pool(net6.network(), net6.prefix(), ctx.pool());
    int size = ctx.pool().size();
    this.owners = new AtomicReferenceArray<>(count == 1 ? 0 : (size >>> PAGE_BITS) + 1);
  }

  /** How many tables. */
  public int count() {
    return count;
  }

  CookieRateLimit rateLimit() {
    return rateLimit;
  }

  PendingLimits pending() {
    return pending;
  }

  /** Sessions and TCP connections not yet admitted, in all tables. */
  public int pendingCount() {
    return pending.count();
  }

  /** Runs {@code task} on table {@code table}'s thread. */
  void post(int table, Task task) {
    loops.run(table, task);
  }

  /**
   * Hands a copy of a packet from {@code peer} to table {@code table}, unless {@link #MAX_HANDOFFS}
   * are already waiting (then it is dropped and counted): a flood of packets naming other tables'
   * peer-ids costs a bounded amount.
   */
  void forward(int table, Peer peer, byte[] buf, int off, int len, DropCounters drops) {
    if (handoffs.incrementAndGet() > MAX_HANDOFFS) {
      handoffs.decrementAndGet();
      drops.count(DropReason.TABLE_HANDOFF_FULL);
      return;
    }
    byte[] copy = new byte[len + org.p2sgate.core.crypto.AeadLayout.TAILROOM];
    System.arraycopy(buf, off, copy, 0, len);
    try {
      loops.run(
          table,
          (t, now, out) -> {
            handoffs.decrementAndGet();
            t.onPacket(peer, copy, 0, len, now, out);
          });
    } catch (RuntimeException e) {
      handoffs.decrementAndGet(); // that table stopped
    }
  }

  /** The lock every admission runs under (a login is admitted by one table at a time). */
  Object admissionLock() {
    return admission;
  }

  /** Under {@link #admissionLock()}: the session holding a common name, or {@code null}. */
  Held byCommonName(String cn) {
    return byCommonName.get(cn);
  }

  /** Under {@link #admissionLock()}: the session holding an auth-token session, or {@code null}. */
  Held byTokenSession(String token) {
    return byTokenSession.get(token);
  }

  /** Under {@link #admissionLock()}: admitted sessions in all tables. */
  int admitted() {
    return admitted;
  }

  /** Admitted sessions in all tables, from any thread. */
  public int admittedCount() {
    synchronized (admission) {
      return admitted;
    }
  }

  /** Under {@link #admissionLock()}: records an admission; returns the session's client id. */
  long admit(int table, ClientSession s, String cn, String token) {
    admitted++;
    if (cn != null) {
      byCommonName.put(cn, new Held(table, s));
    }
    if (token != null) {
      byTokenSession.put(token, new Held(table, s));
    }
    return nextClientId++;
  }

  /** An admitted session closed: its name and token are free again. */
  void closed(ClientSession s, String cn, String token) {
    synchronized (admission) {
      admitted--;
      if (cn != null && byCommonName.get(cn) instanceof Held h && h.session() == s) {
        byCommonName.remove(cn);
      }
      if (token != null && byTokenSession.get(token) instanceof Held h && h.session() == s) {
        byTokenSession.remove(token);
      }
    }
  }

  /** Table {@code table} now holds pool offset {@code offset} ({@code -1}: nobody does). */
  void own(int offset, int table) {
    if (count == 1 || offset < 0) {
      return;
    }
    int page = offset >>> PAGE_BITS;
    AtomicIntegerArray a = owners.get(page);
    if (a == null) {
      owners.compareAndSet(page, null, new AtomicIntegerArray(1 << PAGE_BITS));
      a = owners.get(page);
    }
    a.set(offset & ((1 << PAGE_BITS) - 1), table + 1);
  }

  /** Pool offset {@code offset} is free again, if {@code table} held it. */
  void disown(int offset, int table) {
    if (count == 1 || offset < 0) {
      return;
    }
    AtomicIntegerArray a = owners.get(offset >>> PAGE_BITS);
    if (a != null) {
      a.compareAndSet(offset & ((1 << PAGE_BITS) - 1), table + 1, 0);
    }
  }

  /** The IPv6 pool tied to the gateway's IPv4 pool, or {@code null}; immutable, any thread. */
  org.p2sgate.core.ippool.Ipv6Pool pool6() {
    return pool6;
  }

  /** The table that holds pool offset {@code offset}, or 0 (the first) when none does. */
  int ownerOfOffset(int offset) {
    if (count == 1 || offset < 0 || (offset >>> PAGE_BITS) >= owners.length()) {
      return 0;
    }
    AtomicIntegerArray a = owners.get(offset >>> PAGE_BITS);
    int owner = a == null ? 0 : a.get(offset & ((1 << PAGE_BITS) - 1));
    return owner == 0 ? 0 : owner - 1;
  }

  /**
   * The table an IP packet from the TUN device at {@code buf[off, off+len)} goes to: the one that
   * holds its destination, an IPv4 or (tied to it by pool offset) IPv6 tunnel address; the first
   * for anything else, which drops and counts it as a single table does. Any thread.
   */
  public int ownerOfPacket(byte[] buf, int off, int len) {
    if (count == 1) {
      return 0;
    }
    int version = len < 1 ? 0 : buf[off] & 0xf0;
    if (version == 0x40 && len >= 20) {
      return ownerOfOffset(pool.offsetOf(DataPath.readInt(buf, off + 16)));
    }
    if (version == 0x60 && len >= 40 && pool6 != null) {
      return ownerOfOffset(pool6.offsetOf(buf, off + 24));
    }
    return 0;
  }

  /** The table that gives out {@code peerId}: ids are dealt round the tables. */
  int ownerOfPeerId(int peerId) {
    return count == 1 ? 0 : peerId % count;
  }

  /** A UDP client now sends from {@code peer}, which another table's socket receives. */
  void floated(Peer peer, int table) {
    if (count > 1) {
      floated.put(peer, table);
    }
  }

  /** The table a floated client at {@code peer} belongs to, or -1. */
  int floatedTo(Peer peer) {
    if (count == 1 || floated.isEmpty()) {
      return -1;
    }
    Integer t = floated.get(peer);
    return t == null ? -1 : t;
  }

  /** {@code peer} no longer belongs to {@code table}'s floated client. */
  void unfloat(Peer peer, int table) {
    if (count > 1) {
      floated.remove(peer, table);
    }
  }
}
