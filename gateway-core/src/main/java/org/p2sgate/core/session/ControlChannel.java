package org.p2sgate.core.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.p2sgate.core.control.ControlWrap;
import org.p2sgate.core.control.Unwrapped;
import org.p2sgate.core.crypto.ReplayWindow;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.observe.Telemetry;
import org.p2sgate.core.reliable.InFlightPacket;
import org.p2sgate.core.reliable.ReliableReceiver;
import org.p2sgate.core.wire.ControlBodyCodec;
import org.p2sgate.core.wire.ControlPacket;
import org.p2sgate.core.wire.Opcode;
import org.p2sgate.core.wire.WireFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's control channel below the text messages (wire doc 4, 5): the wrap and its replay
 * check, the session id, the reliability layer of each key state, and TLS, whose work may go to a
 * worker until the handshake is complete ({@link TlsJob}). What TLS decrypts goes up to {@link
 * ControlMessages}; what the session says goes down through {@link #sendMessage}. Logs under the
 * session's logger, as before it was split off.
 */
final class ControlChannel {
  private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

  /**
   * TLS output queued beyond the send window before the login, in bytes: a server flight with a
   * 4096-bit RSA chain, our key-method-2 message and an AUTH_FAILED are well below it.
   */
  static final int PRE_LOGIN_TLS_QUEUE = 64 * 1024;

  /** The same once admitted: a PUSH_REPLY of a thousand routes fits many times over. */
  static final int ADMITTED_TLS_QUEUE = 1 << 20;

  private final ClientSession s;

  /**
   * What wraps this session's control packets: the gateway's shared tls-auth/tls-crypt wrap, or for
   * a tls-crypt-v2 client its own {@code Kc}, which is forgotten when the session closes.
   */
  private final ControlWrap wrap;

  private final long replayTime;
  private final ReplayWindow recvReplay;
  private long sendReplayPid = 1;

  ControlChannel(ClientSession session, ControlWrap wrap, long nowMs) {
    this.s = session;
    this.wrap = wrap;
    this.replayTime = nowMs / 1000;
    this.recvReplay = wrap.hasReplayId() ? new ReplayWindow(64, 15) : null;
  }

  /** After the stateless cookie exchange: our reset (replay id 1) counts as sent. */
  void afterCookie() {
    sendReplayPid = 2;
  }

  /** Whether the session has its own wrap (a tls-crypt-v2 client's {@code Kc}). */
  boolean ownsWrap() {
    return wrap != s.ctx.wrap();
  }

  /** What wraps this session's control packets. */
  ControlWrap wrap() {
    return wrap;
  }

  /** An authenticated control packet for this session. */
  void onControl(Unwrapped u, long now, Outbox out) {
    if (s.isClosed()) {
      return;
    }
    if (recvReplay != null && !recvReplay.checkAndUpdate(u.replayPid(), u.replayTime(), now)) {
      s.ctx.drops().count(DropReason.CONTROL_REPLAY);
      return;
    }
    Opcode op = Opcode.ofFirstByte(u.firstByte());
    int keyId = Opcode.keyIdOf(u.firstByte());
    ControlPacket p;
    try {
      p = u.decode();
    } catch (WireFormatException e) {
      s.ctx.drops().count(DropReason.MALFORMED_CONTROL);
      return;
    }
    if (p.acks().length > 0 && p.remoteSessionId() != s.localSid) {
      s.ctx.drops().count(DropReason.WRONG_SESSION_ID);
      return;
    }
    s.lastRxMs = now;
    KeyState ks = keyStateFor(keyId);
    if (ks == null
        && op == Opcode.CONTROL_SOFT_RESET_V1
        && keyId == KeyState.next(s.primary.keyId)) {
      if (!s.canRenegotiate()) {
        // as the reference (primary not yet S_GENERATED_KEYS): dropped unacked, the client
        // retries; a login in progress keeps the key state it waits on
        s.ctx.drops().count(DropReason.RENEGOTIATION_NOT_ALLOWED);
        return;
      }
      SessionEvents.event(log.atInfo(), "renegotiation", s)
          .addKeyValue("by", "client")
          .addKeyValue("key_id", keyId)
          .setMessage("{}: client started renegotiation, key id {}")
          .addArgument(s)
          .addArgument(keyId)
          .log();
      ks = s.startRenegotiation(keyId, now);
    }
    if (ks == null) {
      s.ctx.drops().count(DropReason.BAD_KEY_ID);
      return;
    }
    for (long ack : p.acks()) {
      ks.sender.onAck(ack, now);
    }
    boolean resetWithBadId = op.isClientHardReset() && p.messageId() != 0;
    if (op.hasMessageId() && !resetWithBadId && ks.phase != KeyState.Phase.DEAD) {
      if (ks.receiver.receive(p.messageId(), op, p.payload()) == ReliableReceiver.Verdict.DROPPED) {
        s.ctx.drops().count(DropReason.CONTROL_NOT_BUFFERED);
      }
    }
    pump(ks, now, out);
    flush(now, out);
  }

  private KeyState keyStateFor(int keyId) {
    if (s.primary.keyId == keyId) {
      return s.primary;
    }
    return s.lameDuck != null && s.lameDuck.keyId == keyId ? s.lameDuck : null;
  }

  /**
   * Delivers received messages in order to TLS and acts on what TLS produces. Until the handshake
   * is complete the TLS work may go to a worker ({@link TlsJob}); meanwhile further messages wait
   * in the reliability layer, whose window bounds them, and acks still flow.
   */
  private void pump(KeyState ks, long now, Outbox out) {
    if (ks.tlsBusy) {
      ks.sendQueuedTls(now); // acks may have made room; the driver itself belongs to the job
      return;
    }
    if (!ks.hasTls()) {
      while (ks.receiver.poll() != null) {
        s.ctx.drops().count(DropReason.CONTROL_ON_RETIRED_KEY); // acked, not read
      }
      return;
    }
    java.util.List<byte[]> input = null; // made only for TLS data: most packets are acks
    ReliableReceiver.Delivered d;
    while (ks.phase != KeyState.Phase.DEAD && (d = ks.receiver.poll()) != null) {
      boolean tlsBytes = d.opcode() == Opcode.CONTROL_V1 || d.opcode() == Opcode.CONTROL_WKC_V1;
      if (tlsBytes && d.payload().length > 0) { // resets carry no TLS data
        if (input == null) {
          input = new java.util.ArrayList<>(2);
        }
        input.add(d.payload());
      }
    }
    if (input != null) {
      TlsJob job = new TlsJob(ks.tls, input);
      if (!ks.tls.isHandshakeComplete() && s.host.offloadTls(s, ks, job)) {
        ks.tlsBusy = true;
        ks.sendQueuedTls(now);
        return;
      }
      job.run();
      if (tlsFailed(ks, job, now)) {
        return;
      }
    }
    drainTls(ks, now);
    if (ks.phase == KeyState.Phase.KEYS_READY && ks.sender.isAcked(ks.serverKeyMethodMessageId)) {
      ks.phase = KeyState.Phase.ACTIVE;
      ks.activeAt = now;
      if (ks == s.primary) {
        s.scheduleRenegotiation(now);
        if (s.lameDuck != null) {
          s.lameDuck.retireTls(); // the new key carries the control channel from now on
        }
      }
    }
  }

  /**
   * A TLS job that ran on a worker is done: the driver is ours again. A key state that died
   * meanwhile (the session closed, hand-window) only stops its TLS now.
   */
  void onTlsDone(KeyState ks, TlsJob job, long now, Outbox out) {
    ks.tlsBusy = false;
    if (ks.phase == KeyState.Phase.DEAD) {
      ks.destroy();
      return;
    }
    if (!tlsFailed(ks, job, now)) {
      pump(ks, now, out); // its output, and the messages that came meanwhile
    }
    flush(now, out);
  }

  private boolean tlsFailed(KeyState ks, TlsJob job, long now) {
    if (job.failure() == null) {
      return false;
    }
    drainTls(ks, now); // the alert
    log.warn("{}: TLS handshake failed: {}", s, job.failure());
    if (!ks.clientKeyMethodReceived) {
      s.ctx.telemetry().handshake(Telemetry.Handshake.TLS_ERROR, now - ks.startedAt);
    }
    s.fail(ks, "TLS error: " + job.failure(), now);
    return true;
  }

  /** Moves TLS output into control packets and TLS input to key method 2 / control messages. */
  void drainTls(KeyState ks, long now) {
    if (ks.phase == KeyState.Phase.DEAD || !ks.hasTls()) {
      return;
    }
    if (ks.tls.isHandshakeComplete() && ks.tlsSummary == null) {
      ks.tlsSummary = ks.tls.summary();
    }
    byte[] cipher = ks.tls.takeCiphertext();
    int max = s.ctx.maxControlPayload();
    int budget = s.state() == SessionState.ESTABLISHED ? ADMITTED_TLS_QUEUE : PRE_LOGIN_TLS_QUEUE;
    for (int off = 0; off < cipher.length; off += max) {
      int n = Math.min(max, cipher.length - off);
      byte[] chunk = new byte[n];
      System.arraycopy(cipher, off, chunk, 0, n);
      if (!ks.queueTls(chunk, budget)) {
        // a peer that does not ack while making us talk (e.g. a ClientHello per record in TLS
        // 1.2, each answered by an alert) would otherwise grow this queue without end
        s.ctx.drops().count(DropReason.CONTROL_QUEUE_OVERFLOW);
        log.warn("{}: control channel output over {} bytes unacknowledged; closing", s, budget);
        s.fail(ks, "control channel output queue overflow", now);
        return;
      }
    }
    ks.sendQueuedTls(now);
    byte[] plain = ks.tls.takePlaintext();
    if (plain.length > 0) {
      ks.plaintext.writeBytes(plain);
      s.messages.onPlaintext(ks, now);
    }
  }

  /** Sends a control-channel text message (NUL-terminated, one TLS record) on {@code ks}. */
  void sendMessage(KeyState ks, String message, long now) {
    byte[] text = message.getBytes(StandardCharsets.US_ASCII);
    byte[] framed = new byte[text.length + 1];
    System.arraycopy(text, 0, framed, 0, text.length);
    if (!ks.hasTls()) {
      log.debug("{}: no control channel on key {} any more; not sent", s, ks.keyId);
      return;
    }
    try {
      ks.tls.writePlaintext(framed);
    } catch (IOException e) {
      log.debug("{}: cannot send control message: {}", s, e.getMessage());
      return;
    }
    drainTls(ks, now);
  }

  /** Sends what is due: (re)transmissions, then any acks not yet piggybacked. */
  void flush(long now, Outbox out) {
    flushKey(s.primary, now, out);
    if (s.lameDuck != null) {
      flushKey(s.lameDuck, now, out);
    }
  }

  private void flushKey(KeyState ks, long now, Outbox out) {
    if (ks.phase == KeyState.Phase.DEAD) {
      return;
    }
    for (InFlightPacket p : ks.sender.collectDue(now)) {
      long[] acks = ks.receiver.takeAcks(ReliableReceiver.CONTROL_SEND_ACK_MAX);
      send(ks, p.opcode(), acks, p.id(), p.payload(), now, out);
    }
    if (ks.receiver.hasPendingAcks()) {
      long[] acks = ks.receiver.takeAcks(ReliableReceiver.RELIABLE_ACK_SIZE);
      send(ks, Opcode.ACK_V1, acks, -1, new byte[0], now, out);
    }
  }

  private void send(
      KeyState ks, Opcode op, long[] acks, long id, byte[] payload, long now, Outbox out) {
    ControlPacket p =
        new ControlPacket(
            op, ks.keyId, s.localSid, acks, acks.length > 0 ? s.remoteSid : 0, id, payload);
    byte[] wire =
        wrap.wrap(
            op.firstByte(ks.keyId),
            s.localSid,
            sendReplayPid++,
            replayTime,
            ControlBodyCodec.encodeBody(p));
    out.toPeer(s.peer, wire, 0, wire.length);
    s.lastTxMs = now;
  }
}
