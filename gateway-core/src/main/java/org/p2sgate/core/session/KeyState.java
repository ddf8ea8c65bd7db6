package org.p2sgate.core.session;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import org.p2sgate.core.crypto.DataOpener;
import org.p2sgate.core.crypto.DataSealer;
import org.p2sgate.core.reliable.ReliableReceiver;
import org.p2sgate.core.reliable.ReliableSender;
import org.p2sgate.core.tls.TlsServerDriver;

/**
 * One key generation (one key_id) of a session: its reliability layer, its TLS session, its
 * key-method-2 exchange and, once derived, its data-channel keys (wire doc 10).
 */
final class KeyState {
  enum Phase {
    /** TLS handshake (and key-method-2) under way. */
    HANDSHAKE,
    /** Keys derived, our key-method-2 message not yet acked. */
    KEYS_READY,
    /** The client acked our key-method-2 message: fully established. */
    ACTIVE,
    /** Failed or discarded. */
    DEAD
  }

  final int keyId;
  final long startedAt;
  final ReliableSender sender = new ReliableSender();
  final ReliableReceiver receiver = new ReliableReceiver();

  /** TLS ciphertext chunks waiting for room in the send window. */
  private final ArrayDeque<byte[]> pendingTls = new ArrayDeque<>();

  private int pendingTlsBytes;

  /** Plaintext from TLS not yet consumed (key-method-2 or control messages). */
  final ByteArrayOutputStream plaintext = new ByteArrayOutputStream();

  TlsServerDriver tls;

  /** Whether a {@link TlsJob} owns {@link #tls} (it runs on a worker): nothing else touches it. */
  boolean tlsBusy;

  /** e.g. "TLS 1.3 TLS_AES_256_GCM_SHA384", once the handshake is complete. */
  String tlsSummary;

  Phase phase = Phase.HANDSHAKE;
  boolean clientKeyMethodReceived;
  long serverKeyMethodMessageId = -1;

  /** TLS chunks queued so far; chunk n travels as message id n (id 0 is the reset). */
  long tlsChunksQueued;

  long activeAt;

  /**
   * When this key is mature: its negotiation started W = min(hand-window, reneg-sec/2) ago (the
   * reference's {@code auth_deferred_expire}). A mature old key stays the send key until the new
   * one is mature too; see {@code DataPath.sendKey}.
   */
  final long matureAt;

  /** Whether the client has sent an authentic data packet on this key: it surely holds it. */
  boolean peerSentData;

  DataSealer sealer;
  DataOpener opener;

  KeyState(int keyId, long startedAt, long matureAfterMs) {
    this.keyId = keyId;
    this.startedAt = startedAt;
    this.matureAt = startedAt + matureAfterMs;
  }

  /**
   * Queues a chunk of TLS output until the send window has room.
   *
   * @return false, queueing nothing, when the queue would hold more than {@code budget} bytes
   */
  boolean queueTls(byte[] chunk, int budget) {
    if (pendingTlsBytes + chunk.length > budget) {
      return false;
    }
    pendingTls.addLast(chunk);
    pendingTlsBytes += chunk.length;
    tlsChunksQueued++;
    return true;
  }

  /** Moves queued TLS output into the send window while it has room. */
  void sendQueuedTls(long now) {
    while (!pendingTls.isEmpty() && sender.canSend()) {
      byte[] chunk = pendingTls.removeFirst();
      pendingTlsBytes -= chunk.length;
      sender.add(org.p2sgate.core.wire.Opcode.CONTROL_V1, chunk, now);
    }
  }

  /** Bytes of TLS output waiting for the send window. */
  int pendingTlsBytes() {
    return pendingTlsBytes;
  }

  boolean hasKeys() {
    return sealer != null && phase != Phase.DEAD;
  }

  /**
   * Ends this key's control channel and keeps its data keys: once a renegotiation has made another
   * key active, nothing more travels over this key's TLS session (control messages go on the
   * primary), so the TLS engine and its buffers (several KiB per session) are let go while the data
   * keys live on for the transition window. A key whose TLS a job still owns keeps it. Idempotent.
   */
  void retireTls() {
    if (tls != null && !tlsBusy) {
      tls.close();
      tls = null;
      pendingTls.clear();
      pendingTlsBytes = 0;
      plaintext.reset();
    }
  }

  /** Whether this key still has its TLS session (see {@link #retireTls}). */
  boolean hasTls() {
    return tls != null;
  }

  /**
   * Zeroes keys and stops TLS; a TLS job still running keeps the driver until it is done, and the
   * driver is stopped then ({@link ClientSession#onTlsDone}). Idempotent.
   */
  void destroy() {
    phase = Phase.DEAD;
    if (sealer != null) {
      sealer.destroy();
    }
    if (opener != null) {
      opener.destroy();
    }
    if (tls != null && !tlsBusy) {
      tls.close();
    }
    pendingTls.clear();
    pendingTlsBytes = 0;
    plaintext.reset();
  }

  /** The key id after {@code k}: 1..7, never 0 again (wire doc 10.2). */
  static int next(int k) {
    return k >= 7 ? 1 : k + 1;
  }
}
