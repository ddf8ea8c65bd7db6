package org.p2sgate.core.testing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Random;
import org.p2sgate.core.reliable.ReliableReceiver;
import org.p2sgate.core.reliable.ReliableSender;

/**
 * One key generation (key id) of the test client, as the reference's {@code struct key_state}: its
 * reliability layer, its TLS session, its key-method-2 exchange and whether its data keys are
 * installed (wire doc 10).
 */
final class ClientKeyState {
  final int keyId;
  final long startedAt;
  final ReliableSender sender = new ReliableSender();
  final ReliableReceiver receiver = new ReliableReceiver();

  /**
   * Ids acked lately, newest first: the reference's MRU list (wire doc 2.3). It refills free ack
   * slots on every packet, even when nothing new is pending; without it a lost third packet would
   * be retransmitted without the ack the stateless cookie check needs.
   */
  final ArrayDeque<Long> recentAcks = new ArrayDeque<>();

  /** TLS ciphertext chunks waiting for room in the send window. */
  final ArrayDeque<byte[]> pendingTls = new ArrayDeque<>();

  /** TLS ciphertext from the server that arrived before TLS started. */
  final ArrayDeque<byte[]> earlyTls = new ArrayDeque<>();

  /** Plaintext from TLS not yet consumed. */
  final ByteArrayOutputStream plaintext = new ByteArrayOutputStream();

  final ClientKeyMethod2 km2;

  /** Started once our own reset (message 0) is acked: the reference's S_START. */
  ClientTls tls;

  boolean km2Sent;
  boolean km2Received;
  boolean keysInstalled;
  boolean dead;

  ClientKeyState(int keyId, long startedAt, Random random) {
    this.keyId = keyId;
    this.startedAt = startedAt;
    this.km2 = new ClientKeyMethod2(random);
  }

  /** Acks for an outgoing packet: pending ones first, then recent ones, at most {@code max}. */
  long[] takeAcks(int max) {
    long[] pending = receiver.takeAcks(max);
    long[] out = new long[max];
    int n = 0;
    for (long id : pending) {
      out[n++] = id;
    }
    for (Long id : recentAcks) {
      if (n == max) {
        break;
      }
      if (!contains(out, n, id)) {
        out[n++] = id;
      }
    }
    for (int i = n - 1; i >= 0; i--) {
      recentAcks.remove(out[i]);
      recentAcks.addFirst(out[i]);
    }
    while (recentAcks.size() > ReliableReceiver.RELIABLE_ACK_SIZE) {
      recentAcks.removeLast();
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static boolean contains(long[] a, int n, long v) {
    for (int i = 0; i < n; i++) {
      if (a[i] == v) {
        return true;
      }
    }
    return false;
  }

  void destroy() {
    dead = true;
    if (tls != null) {
      tls.close();
    }
    km2.wipe();
    pendingTls.clear();
    earlyTls.clear();
    plaintext.reset();
  }

  /** The key id after {@code k}: 1..7, never 0 again (wire doc 10.2). */
  static int next(int k) {
    return k >= 7 ? 1 : k + 1;
  }

  @Override
  public String toString() {
    return "ClientKeyState[kid="
        + keyId
        + (tls == null ? " pre-start" : " " + tls)
        + (km2Received ? " km2" : "")
        + (keysInstalled ? " keys" : "")
        + (dead ? " dead" : "")
        + "]";
  }
}
