package org.p2sgate.core.session;

import java.net.Inet4Address;
import org.p2sgate.core.observe.CloseCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission of a login into a session table: the sessions it replaces end (on their own table's
 * thread when that is another table), then max-clients, the address and the peer-id. Part of the
 * {@link SessionManager}, on its thread; what tables share is behind {@link Shards}' lock.
 */
final class Admissions {
  private static final Logger log = LoggerFactory.getLogger(SessionManager.class);

  private final Shards shards;
  private final int shard;
  private final PeerIds byPeerId;
  private final RouteTable<ClientSession> byAddress;

  /** The IPv6 pool, tied to the IPv4 one, or {@code null} when the gateway is IPv4 only. */
  private final org.p2sgate.core.ippool.Ipv6Pool pool6;

  private final FrontDoor frontDoor;

  Admissions(
      Shards shards,
      int shard,
      PeerIds byPeerId,
      RouteTable<ClientSession> byAddress,
      org.p2sgate.core.ippool.Ipv6Pool pool6,
      FrontDoor frontDoor) {
    this.shards = shards;
    this.shard = shard;
    this.byPeerId = byPeerId;
    this.byAddress = byAddress;
    this.pool6 = pool6;
    this.frontDoor = frontDoor;
  }

  /**
   * {@code s}'s login, under the gateway-wide admission lock: the sessions it replaces (same common
   * name, same auth-token) end first, then it takes its address and peer-id. {@code current} is the
   * outbox of the call being handled, through which this table's replaced session ends.
   */
  Admission admit(
      GatewayContext ctx, ClientSession s, LoginRecord login, Runnable retry, Outbox current) {
    synchronized (shards.admissionLock()) {
      String token = login.tokenSession();
      Shards.Held continued = token == null ? null : shards.byTokenSession(token);
      if (continued != null && continued.session() != s) {
        // before a duplicate common name closes it (a login record is set once, under this lock)
        login =
            AccessGrants.continueFrom(login, continued.session().login(), s.ctx.config().access());
      }
      String cn = s.commonName();
      Shards.Held sameName =
          cn == null || ctx.config().duplicateCn() ? null : shards.byCommonName(cn);
      if (sameName != null && sameName.session() != s) {
        if (!replace(sameName, s, CloseCause.DUPLICATE, "duplicate common name", retry, current)) {
          return Admission.DEFERRED;
        }
      }
      Shards.Held sameToken = token == null ? null : shards.byTokenSession(token);
      if (sameToken != null && sameToken.session() != s) {
        // one live session per auth-token: the client reconnected, or its token is used elsewhere
        if (!replace(sameToken, s, CloseCause.REPLACED, "auth-token", retry, current)) {
          return Admission.DEFERRED;
        }
      }
      String refusal = assign(ctx, s, login, cn, token);
      return refusal == null ? Admission.ADMITTED : Admission.refused(refusal);
    }
  }

  /**
   * Ends {@code old}, which {@code s}'s login replaces. This table's own session ends now, through
   * the outbox of the packet being handled (a TCP peer's connection is closed too), so that its
   * address is free for the new session; another table's ends on that table's thread, which then
   * runs {@code retry}.
   *
   * @return whether {@code old} has ended (false: admission waits for {@code retry})
   */
  private boolean replace(
      Shards.Held old,
      ClientSession s,
      CloseCause cause,
      String why,
      Runnable retry,
      Outbox current) {
    String detail =
        cause == CloseCause.DUPLICATE
            ? "duplicate common name, replaced by " + s.peer.describe()
            : "replaced by a login with its auth-token from " + s.peer.describe();
    if (old.table() == shard) {
      log.info("{}: replaced by a new session ({}) from {}", old.session(), why, s.peer.describe());
      old.session().close(cause, detail, current);
      return true;
    }
    ClientSession other = old.session();
    shards.post(
        old.table(),
        (t, now, out) -> {
          if (!other.isClosed()) {
            log.info("{}: replaced by a new session ({}) from {}", other, why, s.peer.describe());
            other.close(cause, detail, out);
          }
          retry.run();
        });
    return false;
  }

  /**
   * Under the admission lock, nothing left to replace: max-clients, the address (static, framed or
   * from the pool) and the peer-id; then the session is admitted.
   *
   * @return {@code null}, or why the login is refused
   */
  private String assign(
      GatewayContext ctx, ClientSession s, LoginRecord login, String cn, String token) {
    if (shards.admitted() >= ctx.config().maxClients()) {
      return "max-clients (" + ctx.config().maxClients() + ") reached";
    }
    AddressChoice.Chosen chosen = AddressChoice.choose(ctx.pool(), s, login);
    if (chosen.refusal() != null) {
      return chosen.refusal();
    }
    Inet4Address addr = chosen.address();
    int id = byPeerId.take(s);
    if (id < 0) {
      ctx.pool().release(addr);
      return "no free peer-id";
    }
    // the IPv6 address is tied to the IPv4 one: released with it, no table of its own (Ipv6Pool)
    int addrInt = org.p2sgate.core.ippool.IpPool.toInt(addr);
    int offset = ctx.pool().offsetOf(addrInt);
    var addr6 = pool6 == null ? null : pool6.addressOf(offset);
    s.admitted(login, id, shards.admit(shard, s, cn, token), addr, addr6);
    byAddress.put(addrInt, s); // a pool address: allocated from the pool above
    shards.own(offset, shard);
    frontDoor.releaseSlot(s);
    return null;
  }
}
