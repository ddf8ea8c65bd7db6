package org.p2sgate.core.session;

import java.util.Map;
import java.util.function.Consumer;
import org.p2sgate.core.observe.CloseCause;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.wire.Opcode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data packets into a session table: which session a P_DATA_V1 or P_DATA_V2 belongs to (by peer, or
 * by peer-id), hand-over to the table that owns a peer-id, and a UDP client's float to a new
 * address. Part of the {@link SessionManager}, on its thread, over its indexes.
 */
final class DataIn {
  private static final Logger log = LoggerFactory.getLogger(SessionManager.class);

  private final Map<Peer, ClientSession> byPeer;
  private final PeerIds byPeerId;
  private final Shards shards;
  private final int shard;

  /** After a packet that may have brought a session's deadline forward. */
  private final Consumer<ClientSession> arm;

  DataIn(
      Map<Peer, ClientSession> byPeer,
      PeerIds byPeerId,
      Shards shards,
      int shard,
      Consumer<ClientSession> arm) {
    this.byPeer = byPeer;
    this.byPeerId = byPeerId;
    this.shards = shards;
    this.shard = shard;
    this.arm = arm;
  }

  void onData(
      GatewayContext ctx,
      Peer peer,
      Opcode op,
      byte[] buf,
      int off,
      int len,
      long now,
      Outbox out) {
    ClientSession s;
    if (op == Opcode.DATA_V2) {
      if (len < 4) {
        ctx.drops().count(DropReason.TOO_SHORT);
        return;
      }
      int id = (buf[off + 1] & 0xff) << 16 | (buf[off + 2] & 0xff) << 8 | (buf[off + 3] & 0xff);
      int owner = shards.ownerOfPeerId(id);
      if (owner != shard) {
        ClientSession here = byPeer.get(peer);
        if (here != null) {
          // this address is one of this table's clients: no float to another table's session
          ctx.drops().count(DropReason.FLOAT_ADDRESS_TAKEN);
        } else {
          shards.forward(owner, peer, buf, off, len, ctx.drops());
        }
        return;
      }
      s = byPeerId.get(id);
      if (s != null && !s.peer.equals(peer)) {
        // a floating client: only UDP, and only adopted if the packet authenticates
        if (peer.isStream() || s.peer.isStream()) {
          s = null;
        } else {
          floatTo(ctx, s, peer, op, buf, off, len, now, out);
          return;
        }
      }
    } else {
      s = byPeer.get(peer);
    }
    if (s == null) {
      ctx.drops().count(DropReason.DATA_UNKNOWN_PEER);
      return;
    }
    s.data.onData(op, buf, off, len, now, out);
    arm.accept(s); // an OCC EXIT or a packet-id running out brings a deadline forward
  }

  /**
   * A P_DATA_V2 naming {@code s}'s peer-id came from another UDP address: the session moves there
   * only if the packet authenticates and passes the replay check (the reference's {@code
   * multi_process_float}). An address another session holds is taken over only by the same client
   * (same certificate chain, or without certificates the same login identity), which ends that
   * session; from another client the packet is dropped, undecrypted.
   */
  private void floatTo(
      GatewayContext ctx,
      ClientSession s,
      Peer peer,
      Opcode op,
      byte[] buf,
      int off,
      int len,
      long now,
      Outbox out) {
    ClientSession holder = byPeer.get(peer);
    if (holder != null && !sameClient(holder, s)) {
      ctx.drops().count(DropReason.FLOAT_ADDRESS_TAKEN);
      log.debug("{}: no float to {}: the address is another client's", s, peer.describe());
      return;
    }
    if (s.data.onData(op, buf, off, len, now, out)) {
      log.info("{}: client floated from {} to {}", s, s.peer.describe(), peer.describe());
      byPeer.remove(s.peer, s);
      byPeer.put(peer, s);
      shards.unfloat(s.peer, shard);
      shards.floated(peer, shard); // another table's socket may receive that address
      s.peer = peer;
      if (holder != null) {
        holder.close(CloseCause.REPLACED, "the same client floated to its address", out);
      }
    }
    arm.accept(s);
  }

  /**
   * Whether the session holding an address is the same client as {@code b}: the reference compares
   * the certificate chains' hashes it locks at login (so a holder still logging in never is);
   * without certificates it would let any two clients collide, so here their logins must name the
   * same identity too.
   */
  private static boolean sameClient(ClientSession a, ClientSession b) {
    var chain = a.presented.certificateChain();
    if (!a.isAdmitted() || !chain.equals(b.presented.certificateChain())) {
      return false;
    }
    String identity = a.login().identity();
    return !chain.isEmpty() || (identity != null && identity.equals(b.login().identity()));
  }
}
