package org.p2sgate.core.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.p2sgate.core.wire.ControlPacket;
import org.p2sgate.core.wire.Opcode;

/**
 * A minimal OpenVPN 2.6 client in test code, pure and driven by the test: {@link #onPacket} feeds
 * it the gateway's packets, {@link #poll} returns what it sends, time is passed in. It does the
 * client's half of wire doc sections 1–10: hard reset with a random session id, tls-auth/tls-crypt,
 * reliability with repeated acks, a bctls TLS client with a client certificate, key method 2,
 * PUSH_REQUEST/PUSH_REPLY, tls-ekm or legacy-PRF keys, P_DATA_V2 with the pushed peer-id, ping,
 * EXIT, and soft resets started by either side.
 *
 * <p>Where the reference client would give up (TLS error, unreadable key-method-2 message, pushed
 * cipher it does not offer) it records the reason in {@link #failure()} and goes quiet.
 */
public final class TestOpenVpnClient {
  /** {@code PUSH_REQUEST_INTERVAL} in common.h: seconds between PUSH_REQUESTs. */
  static final long PUSH_REQUEST_INTERVAL_MS = 5_000;

  final TestClientConfig cfg;
  final Random random;
  final ClientControlChannel link;
  final ClientDataChannel data = new ClientDataChannel();
  final ClientMessages messages = new ClientMessages(this);
  final ClientHandshake handshake = new ClientHandshake(this);
  private final List<byte[]> outgoing = new ArrayList<>();
  ClientKeyState current;
  ClientKeyState lameDuck;
  private String failure;
  long lastTxMs;
  long nextPushRequestAt = Long.MAX_VALUE;
  private boolean started;
  private boolean keepalive = true;
  private String password;

  /** The certificate the next key exchange presents, when changed from the config's. */
  TestPki.Credential certificate;

  /** The cipher an attacker assumes to derive data keys before any push, or null. */
  String eagerCipher;

  public TestOpenVpnClient(TestClientConfig cfg, long now) {
    this.cfg = cfg;
    this.random = new Random(cfg.seed());
    long sid = random.nextLong();
    this.link = new ClientControlChannel(cfg, sid == 0 ? 1 : sid, now);
    this.current = new ClientKeyState(0, now, random);
    this.lastTxMs = now;
  }

  /** Whether this client holds a tls-crypt-v2 key (its reset is then a V3). */
  private boolean tlsCryptV2;

  /** Uses a tls-crypt-v2 client key (before {@link #start}), as a 2.6 client configured so. */
  public TestOpenVpnClient tlsCryptV2(org.p2sgate.core.control.TlsCryptV2ClientKey key) {
    link.useTlsCryptV2(key);
    tlsCryptV2 = true;
    return this;
  }

  /** Queues the HARD_RESET_CLIENT_V2, or V3 with tls-crypt-v2 (key id 0, message 0, empty). */
  public TestOpenVpnClient start(long now) {
    if (!started) {
      started = true;
      current.sender.add(
          tlsCryptV2 ? Opcode.CONTROL_HARD_RESET_CLIENT_V3 : Opcode.CONTROL_HARD_RESET_CLIENT_V2,
          new byte[0],
          now);
    }
    return this;
  }

  // ------------------------------------------------------------------ driving

  /** One packet from the gateway (a copy is made where needed). */
  public void onPacket(byte[] packet, long now) {
    if (packet.length == 0 || failure != null) {
      return;
    }
    Opcode op = Opcode.ofFirstByte(packet[0]);
    if (op == null) {
      link.drop("unknown opcode");
    } else if (op.isData()) {
      data.receive(packet, now);
    } else {
      onControl(packet, now);
    }
  }

  /** Runs timers and returns the packets to send to the gateway now, in order. */
  public List<byte[]> poll(long now) {
    if (failure == null) {
      if (now >= nextPushRequestAt && !messages.pushed() && current.km2Received) {
        sendControlMessage("PUSH_REQUEST", now);
        nextPushRequestAt = now + PUSH_REQUEST_INTERVAL_MS;
      }
      if (keepalive
          && messages.pingMs() > 0
          && isConnected()
          && now - lastTxMs >= messages.pingMs()) {
        sendPing(now);
      }
      if (lameDuck != null) {
        outgoing.addAll(link.flush(lameDuck, now));
      }
      outgoing.addAll(link.flush(current, now));
    }
    List<byte[]> out = new ArrayList<>(outgoing);
    outgoing.clear();
    if (!out.isEmpty()) {
      lastTxMs = now;
    }
    return out;
  }

  private void onControl(byte[] packet, long now) {
    ControlPacket p = link.receive(packet, now);
    if (p == null) {
      return;
    }
    Opcode op = p.opcode();
    if (op.isClientHardReset() || op == Opcode.CONTROL_HARD_RESET_CLIENT_V1) {
      link.drop("client hard reset from the server");
      return;
    }
    if (op == Opcode.CONTROL_HARD_RESET_SERVER_V2 && link.serverSid == 0 && p.keyId() == 0) {
      link.serverSid = p.sessionId();
      // early negotiation: the one TLV of the 2.6 server (flags, RESEND_WKC)
      link.resendWkc =
          tlsCryptV2
              && java.util.Arrays.equals(
                  p.payload(), org.p2sgate.core.control.EarlyNegotiation.resendWkc());
    }
    if (link.serverSid == 0 || p.sessionId() != link.serverSid) {
      link.drop("unknown server session id");
      return;
    }
    if (p.acks().length > 0 && p.remoteSessionId() != link.clientSid) {
      link.drop("acks for another session id");
      return;
    }
    ClientKeyState ks = keyState(p.keyId());
    if (ks == null
        && op == Opcode.CONTROL_SOFT_RESET_V1
        && current.keysInstalled
        && p.keyId() == ClientKeyState.next(current.keyId)) {
      ks = newKeyState(p.keyId(), now); // the server renegotiates (wire doc 10.2, step 3)
    }
    if (ks == null) {
      link.drop("key id " + p.keyId() + " out of sync");
      return;
    }
    for (long ack : p.acks()) {
      ks.sender.onAck(ack, now);
    }
    if (link.ackNothing) {
      return; // the attacker takes the gateway's acks and reads nothing else
    }
    if (op.hasMessageId() && !ks.dead) {
      ks.receiver.receive(p.messageId(), op, p.payload());
    }
    handshake.process(ks, now);
  }

  private ClientKeyState keyState(int keyId) {
    if (current.keyId == keyId) {
      return current;
    }
    return lameDuck != null && lameDuck.keyId == keyId ? lameDuck : null;
  }

  private ClientKeyState newKeyState(int keyId, long now) {
    if (lameDuck != null) {
      data.forget(lameDuck.keyId); // one lame duck per session (wire doc 10.3)
      lameDuck.destroy();
    }
    lameDuck = current;
    current = new ClientKeyState(keyId, now, random);
    current.sender.add(Opcode.CONTROL_SOFT_RESET_V1, new byte[0], now);
    return current;
  }

  void fail(ClientKeyState ks, String why) {
    ks.destroy();
    if (ks == current && failure == null) {
      failure = why;
    }
  }

  // ------------------------------------------------------------------ what a test asks it to do

  /** Seals an IP packet on the current send key and queues it. */
  public void sendIp(byte[] ipPacket, long now) {
    outgoing.add(sealIp(ipPacket));
  }

  /** Seals an IP packet on {@code keyId} and queues it (to test a lame-duck key). */
  public void sendIpOnKey(int keyId, byte[] ipPacket, long now) {
    outgoing.add(data.seal(keyId, ipPacket));
  }

  /** The wire packet for {@code ipPacket} on the current send key, not queued (replay tests). */
  public byte[] sealIp(byte[] ipPacket) {
    return data.seal(sendKeyId(), ipPacket);
  }

  /** The wire packet for {@code ipPacket} on {@code keyId}, not queued. */
  public byte[] sealIpOnKey(int keyId, byte[] ipPacket) {
    return data.seal(keyId, ipPacket);
  }

  /**
   * Seals, in place and with no copy, the IP packet at {@code buf[off + 24, off + 24 + len)} on the
   * current send key as P_DATA_V2 (header before it, 16 bytes of tag room after it); not queued.
   * For benchmarks that feed the gateway from a reused buffer: it allocates nothing of its own
   * (what the gateway's {@code DataSealer} allocates, it does here too).
   *
   * @return the wire length, from {@code off}
   */
  public int sealIpInPlace(byte[] buf, int off, int len) {
    return data.sealV2InPlace(sendKeyId(), buf, off, len);
  }

  /** Queues a keepalive ping (wire doc 9.1). */
  public void sendPing(long now) {
    outgoing.add(data.seal(sendKeyId(), ClientDataChannel.PING));
  }

  /** Sends a NUL-terminated control message on the current key (one TLS record). */
  public void sendControlMessage(String text, long now) {
    if (current.tls == null || current.dead) {
      throw new IllegalStateException("no TLS session to send '" + text + "' on");
    }
    byte[] b = (text + "\0").getBytes(StandardCharsets.US_ASCII);
    current.tls.write(b);
    link.queueTls(current, current.tls.takeCiphertext(), now);
  }

  /** The explicit-exit notification over the control channel (wire doc 9.3, cc-exit). */
  public void sendExit(long now) {
    sendControlMessage("EXIT", now);
  }

  /** The explicit-exit notification of clients without cc-exit: OCC_EXIT on the data channel. */
  public void sendOccExit(long now) {
    byte[] msg = Arrays.copyOf(ClientDataChannel.OCC, ClientDataChannel.OCC.length + 1);
    msg[ClientDataChannel.OCC.length] = 6; // OCC_EXIT in occ.h
    outgoing.add(data.seal(sendKeyId(), msg));
  }

  /** Starts a renegotiation: SOFT_RESET on the next key id (wire doc 10.2). */
  /** The password the next key-method-2 message sends (the config's until changed). */
  String password() {
    return password != null ? password : cfg.password();
  }

  /** Presents {@code cert} from the next key exchange on (a renegotiation). */
  public void changeCertificate(TestPki.Credential cert) {
    this.certificate = cert;
  }

  /** Sends {@code p} as the password from the next key exchange on (a renegotiation). */
  public void changePassword(String p) {
    this.password = p;
  }

  public void renegotiate(long now) {
    if (!current.keysInstalled) {
      throw new IllegalStateException("the current key has no data keys yet");
    }
    newKeyState(ClientKeyState.next(current.keyId), now);
  }

  /**
   * Behaves as an attacker who does not wait to be admitted: derives data keys (tls-ekm, {@code
   * cipher}) as soon as the gateway's key-method-2 message arrives, so data can be sent while the
   * login is pending or after it was refused.
   */
  public void deriveKeysWithoutPush(String cipher) {
    this.eagerCipher = cipher;
  }

  /**
   * Attack: from now on read nothing the gateway sends but its acks, and so acknowledge nothing
   * (the gateway's send window stays full).
   */
  public void ackNothing() {
    link.ackNothing = true;
  }

  /**
   * Attack: {@code count} TLS handshake records holding a ClientHello header, each its own record
   * on the current key, after the handshake (TLS 1.2 answers each with a no_renegotiation alert).
   */
  public void sendPostHandshakeClientHellos(int count, long now) {
    byte[] hello = {1, 0, 0, 0}; // client_hello, empty body
    for (int i = 0; i < count; i++) {
      current.tls.writeRawRecord((short) 22, hello);
      link.queueTls(current, current.tls.takeCiphertext(), now);
    }
  }

  /** Whether to send keepalive pings when idle for the pushed {@code ping} interval. */
  public void keepalive(boolean on) {
    this.keepalive = on;
  }

  /** Test hook: name {@code sid} as the server's session id in acks (a wrong cookie). */
  public void tamperServerSessionId(long sid) {
    link.tamperedServerSid = sid;
  }

  // ------------------------------------------------------------------ what a test can check

  /** The key id data is sent on: the newest key with data keys, or -1. */
  public int sendKeyId() {
    if (current.keysInstalled) {
      return current.keyId;
    }
    return lameDuck != null && lameDuck.keysInstalled ? lameDuck.keyId : -1;
  }

  public int currentKeyId() {
    return current.keyId;
  }

  /** Whether the tunnel is up: PUSH_REPLY applied and data keys installed. */
  public boolean isConnected() {
    return failure == null && messages.pushed() && sendKeyId() >= 0;
  }

  public String failure() {
    return failure;
  }

  public long sessionId() {
    return link.clientSid;
  }

  public long serverSessionId() {
    return link.serverSid;
  }

  /** The first complete PUSH_REPLY message, or {@code null}. */
  public String pushReply() {
    return messages.pushReply();
  }

  /** The pushed options, in order, continuation markers removed. */
  public List<String> pushOptions() {
    return messages.pushOptions();
  }

  /** The auth-token the gateway pushed (fails when there is none). */
  public String authToken() {
    return pushOptions().stream()
        .filter(o -> o.startsWith("auth-token "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no auth-token pushed: " + pushReply()))
        .substring("auth-token ".length());
  }

  /** The AUTH_FAILED message as received, or {@code null}. */
  public String authFailed() {
    return messages.authFailed();
  }

  /** Every control-channel text message received, in order. */
  public List<String> controlMessages() {
    return messages.all();
  }

  /** "tls-ekm" or "PRF", as the push decided. */
  public String keyDerivation() {
    return messages.ekm() ? "tls-ekm" : "PRF";
  }

  /** The server's key-method-2 options string of key id 0. */
  public String serverOptions() {
    return messages.serverOptions();
  }

  /** Length in bytes of the server's key-method-2 message of key id 0. */
  public int serverKeyMethodLength() {
    return messages.serverKeyMethodLength();
  }

  /** The TLS version of the current key's session, e.g. "TLS 1.3", or {@code null}. */
  public String tlsVersion() {
    return current.tls == null ? null : current.tls.version();
  }

  /** Removes and returns the decrypted IP packets received so far. */
  public List<byte[]> takeReceivedIp() {
    return data.takeReceivedIp();
  }

  public int pingsReceived() {
    return data.pingsReceived();
  }

  /** Data packets the client could not open, by reason. */
  public Map<String, Integer> dataDrops() {
    return data.drops();
  }

  /** Data packets received from the gateway (IP and pings), by key id. */
  public Map<Integer, Integer> dataReceivedOnKey() {
    return data.receivedOnKey();
  }

  /** Control packets the client dropped, by reason. */
  public Map<String, Integer> controlDrops() {
    return link.drops();
  }

  /** Key ids with installed data keys. */
  public int[] dataKeyIds() {
    return data.keyIds();
  }

  @Override
  public String toString() {
    return "TestOpenVpnClient["
        + cfg
        + ", "
        + current
        + (lameDuck == null ? "" : ", lame duck " + lameDuck)
        + (failure == null ? "" : ", failed: " + failure)
        + "]";
  }
}
