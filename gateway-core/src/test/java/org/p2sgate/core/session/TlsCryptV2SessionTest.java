package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.config.TlsCryptV2Config;
import org.p2sgate.core.config.TlsWrapConfig;
import org.p2sgate.core.control.ClientKeyWrapping;
import org.p2sgate.core.control.EarlyNegotiation;
import org.p2sgate.core.control.TlsCryptV2ClientKey;
import org.p2sgate.core.control.TlsCryptV2ClientWrap;
import org.p2sgate.core.control.TlsCryptV2Metadata;
import org.p2sgate.core.control.TlsCryptV2ServerKey;
import org.p2sgate.core.control.Unwrapped;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestPeer;
import org.p2sgate.core.wire.ControlBodyCodec;
import org.p2sgate.core.wire.ControlPacket;
import org.p2sgate.core.wire.Opcode;
import org.p2sgate.core.wire.WireFormatException;

/**
 * tls-crypt-v2 at the session table, packet by packet as a 2.6 client sends them (V3 reset with
 * early negotiation, the stateless reply asking for the WKc again, WKC_V1), and as an attacker
 * does: no state before the WKC_V1 returns the cookie, every failure a counted drop.
 */
class TlsCryptV2SessionTest {
  static final SecureRandom RANDOM = new SecureRandom();
  static final TestPeer PEER = TestPeer.udp("198.18.0.2", 41000);
  static final long EARLY = 0x0f000000L;
  static final long CLIENT_SID = 0x1122334455667788L;

  final TlsCryptV2ServerKey serverKey = TlsCryptV2ServerKey.generate(RANDOM);

  TestGateway gateway(List<String> revoked, TlsWrapConfig.Mode shared) {
    TlsCryptV2Config v2 = new TlsCryptV2Config(serverKey, revoked, 0);
    TlsWrapConfig w =
        shared == TlsWrapConfig.Mode.NONE
            ? new TlsWrapConfig(TlsWrapConfig.Mode.NONE, null, -1, "SHA1", v2)
            : new TlsWrapConfig(shared, TestGateway.staticKey(9), -1, "SHA1", v2);
    return TestGateway.builder().wrap(w).build();
  }

  TlsCryptV2ClientWrap client(String metadata, TlsCryptV2ServerKey key) {
    return new TlsCryptV2ClientWrap(
        TlsCryptV2ClientKey.generate(
            new ClientKeyWrapping(key), TlsCryptV2Metadata.user(metadata), RANDOM));
  }

  static byte[] packet(
      TlsCryptV2ClientWrap c, Opcode op, long[] acks, long remoteSid, long msgId, long pid) {
    ControlPacket p = new ControlPacket(op, 0, CLIENT_SID, acks, remoteSid, msgId, new byte[0]);
    return c.wrap(op.firstByte(0), CLIENT_SID, pid, 1, ControlBodyCodec.encodeBody(p));
  }

  static byte[] v3(TlsCryptV2ClientWrap c, long pid) {
    return packet(c, Opcode.CONTROL_HARD_RESET_CLIENT_V3, new long[0], 0, 0, pid);
  }

  static void send(TestGateway gw, TestPeer peer, byte[] p) {
    gw.sessions.onPacket(peer, p, 0, p.length, gw.now(), gw.out);
  }

  /** The V3 reset and the stateless reply; returns the cookie (the server's session id). */
  static long resetExchange(TestGateway gw, TlsCryptV2ClientWrap c) throws WireFormatException {
    send(gw, PEER, v3(c, EARLY));
    assertEquals(0, gw.sessions.sessionCount(), "no state after the V3 reset");
    List<byte[]> reply = gw.out.takeFor(PEER);
    assertEquals(1, reply.size(), "one stateless reply");
    Unwrapped u = c.unwrap(reply.get(0), 0, reply.get(0).length);
    assertNotNull(u, "the reply is wrapped with the client's own key");
    ControlPacket p = u.decode();
    assertEquals(Opcode.CONTROL_HARD_RESET_SERVER_V2, p.opcode());
    assertArrayEquals(EarlyNegotiation.resendWkc(), p.payload(), "asks for the WKc again");
    assertArrayEquals(new long[] {0}, p.acks());
    return u.sessionId();
  }

  /** The reset exchange, then the WKC_V1 with the cookie: one session; returns the cookie. */
  static long startSession(TestGateway gw, TlsCryptV2ClientWrap c) throws WireFormatException {
    long cookie = resetExchange(gw, c);
    send(gw, PEER, packet(c, Opcode.CONTROL_WKC_V1, new long[] {0}, cookie, 1, EARLY + 1));
    assertEquals(1, gw.sessions.sessionCount());
    return cookie;
  }

  @Test
  void aSessionStartsWhenTheWkcComesBackWithTheCookie() throws Exception {
    TestGateway gw = gateway(List.of(), TlsWrapConfig.Mode.NONE);
    TlsCryptV2ClientWrap c = client("user=alice key=01020304", serverKey);
    long cookie = startSession(gw, c);
    ClientSession s = gw.sessions.sessions().get(0);
    assertTrue(s.control.ownsWrap(), "the session wraps with the client's Kc");
    assertEquals("user=alice key=01020304", s.keyMetadata.userText());
    // the session's packets open with Kc
    List<byte[]> out = gw.out.takeFor(PEER);
    assertTrue(out.isEmpty() || c.unwrap(out.get(0), 0, out.get(0).length) != null);
    // a resent WKC_V1 (its ack lost) is the session's, its WKc ignored: a replay, not a new session
    send(gw, PEER, packet(c, Opcode.CONTROL_WKC_V1, new long[] {0}, cookie, 1, EARLY + 1));
    assertEquals(1, gw.drops().get(DropReason.CONTROL_REPLAY));
    assertEquals(1, gw.sessions.sessionCount());
  }

  @Test
  void aReloadThatRevokesALiveSessionsKeyEndsIt() throws Exception {
    TestGateway gw = gateway(List.of(), TlsWrapConfig.Mode.NONE);
    startSession(gw, client("user=alice key=01020304", serverKey));
    GatewayContext same = gw.ctx;
    gw.sessions.closeRevoked(chain -> false, gw.now(), gw.out);
    assertEquals(1, gw.sessions.sessionCount(), "nothing revoked yet");
    TestGateway reloaded = gateway(List.of("key=01020304"), TlsWrapConfig.Mode.NONE);
    gw.sessions.reconfigure(
        new GatewayContext(
            reloaded.config,
            same.wrap(),
            same.credentials(),
            same.verifier(),
            same.pool(),
            same.drops(),
            same.random(),
            same.authenticator(),
            same.listener(),
            same.tokens(),
            same.telemetry(),
            same.traffic()));
    gw.sessions.closeRevoked(chain -> false, gw.now(), gw.out);
    assertEquals(0, gw.sessions.sessionCount(), "the revoked key's session ended at the reload");
  }

  @Test
  void tcpStartsTheSessionOnTheV3Reset() throws Exception {
    TestGateway gw = gateway(List.of(), TlsWrapConfig.Mode.NONE);
    TestPeer tcp = TestPeer.tcp("198.18.0.3", 42000);
    TlsCryptV2ClientWrap c = client("user=bob key=0a0b0c0d", serverKey);
    gw.sessions.onStreamOpened(tcp, gw.now(), gw.out);
    send(gw, tcp, v3(c, EARLY));
    assertEquals(1, gw.sessions.sessionCount());
    List<byte[]> reply = gw.out.takeFor(tcp);
    assertEquals(1, reply.size());
    ControlPacket p = c.unwrap(reply.get(0), 0, reply.get(0).length).decode();
    assertEquals(Opcode.CONTROL_HARD_RESET_SERVER_V2, p.opcode());
  }

  @Test
  void aRevokedKeyGetsNoReplyAndNoState() {
    TestGateway gw = gateway(List.of("key=deadbeef", "user=carol"), TlsWrapConfig.Mode.NONE);
    send(gw, PEER, v3(client("user=alice key=deadbeef", serverKey), EARLY));
    send(gw, PEER, v3(client("user=carol key=00000001", serverKey), EARLY));
    assertEquals(2, gw.drops().get(DropReason.TLS_CRYPT_V2_REVOKED));
    assertTrue(gw.out.takeFor(PEER).isEmpty(), "no reply to a revoked key");
    assertEquals(0, gw.sessions.sessionCount());
    send(gw, PEER, v3(client("user=alice key=00000002", serverKey), EARLY));
    assertEquals(1, gw.out.takeFor(PEER).size(), "alice's other key is served");
  }

  @Test
  void attackersGetCountedDropsAndNoState() {
    TestGateway gw = gateway(List.of(), TlsWrapConfig.Mode.NONE);
    TlsCryptV2ClientWrap good = client("user=alice key=01020304", serverKey);
    byte[] ok = v3(good, EARLY);
    // truncated WKc: the length field no longer matches
    byte[] cut = java.util.Arrays.copyOf(ok, ok.length - 1);
    send(gw, PEER, cut);
    // a length field larger than the packet / than any WKc
    byte[] big = ok.clone();
    big[big.length - 2] = (byte) 0xff;
    send(gw, PEER, big);
    // a bad tag
    byte[] tag = ok.clone();
    tag[ok.length - 100] ^= 1;
    send(gw, PEER, tag);
    // a key of another server
    send(gw, PEER, v3(client("user=mallory", TlsCryptV2ServerKey.generate(RANDOM)), EARLY));
    // the packet itself tampered (its WKc intact)
    byte[] body = ok.clone();
    body[30] ^= 1;
    send(gw, PEER, body);
    // a client without early negotiation (before 2.6): no state is kept for it
    send(gw, PEER, v3(good, 1));
    // a V2 reset where only tls-crypt-v2 is served
    ControlPacket v2 =
        new ControlPacket(
            Opcode.CONTROL_HARD_RESET_CLIENT_V2, 0, CLIENT_SID, new long[0], 0, 0, new byte[0]);
    byte[] plain =
        new org.p2sgate.core.control.PlainWrap()
            .wrap(0x38, CLIENT_SID, 0, 0, ControlBodyCodec.encodeBody(v2));
    send(gw, PEER, plain);
    // and a key-method-1 reset (P_CONTROL_HARD_RESET_CLIENT_V1)
    byte[] v1 = plain.clone();
    v1[0] = (byte) Opcode.CONTROL_HARD_RESET_CLIENT_V1.firstByte(0);
    send(gw, PEER, v1);
    assertEquals(2, gw.drops().get(DropReason.WKC_MALFORMED));
    assertEquals(2, gw.drops().get(DropReason.WKC_AUTH_FAILED));
    assertEquals(1, gw.drops().get(DropReason.WRAP_AUTH_FAILED));
    assertEquals(1, gw.drops().get(DropReason.TLS_CRYPT_V2_NO_RESEND));
    assertEquals(2, gw.drops().get(DropReason.TLS_CRYPT_V2_REQUIRED));
    assertTrue(gw.out.takeFor(PEER).isEmpty());
    assertEquals(0, gw.sessions.sessionCount());
  }

  @Test
  void aReplayedV3ResetCreatesNoState() throws Exception {
    TestGateway gw = gateway(List.of(), TlsWrapConfig.Mode.NONE);
    TlsCryptV2ClientWrap c = client("user=alice key=01020304", serverKey);
    byte[] reset = v3(c, EARLY);
    TestPeer attacker = TestPeer.udp("203.0.113.9", 5000);
    for (int i = 0; i < 5; i++) {
      send(gw, attacker, reset);
    }
    assertEquals(0, gw.sessions.sessionCount(), "replays get stateless replies only");
    // the attacker cannot read the cookie (wrapped with Kc); a WKC_V1 with a guessed one fails
    send(gw, attacker, packet(c, Opcode.CONTROL_WKC_V1, new long[] {0}, 42, 1, EARLY + 1));
    assertEquals(1, gw.drops().get(DropReason.COOKIE_INVALID));
    assertEquals(0, gw.sessions.sessionCount());
    // the real client is unaffected
    long cookie = resetExchange(gw, c);
    send(gw, PEER, packet(c, Opcode.CONTROL_WKC_V1, new long[] {0}, cookie, 1, EARLY + 1));
    assertEquals(1, gw.sessions.sessionCount());
  }

  @Test
  void aV3ResetWithoutTlsCryptV2ConfiguredIsDropped() {
    TestGateway gw = TestGateway.builder().wrap(TlsWrapConfig.Mode.TLS_CRYPT, 3).build();
    send(gw, PEER, v3(client("user=alice", serverKey), EARLY));
    assertEquals(1, gw.drops().get(DropReason.TLS_CRYPT_V2_NOT_CONFIGURED));
    assertTrue(gw.out.takeFor(PEER).isEmpty());
  }

  @Test
  void tlsCryptClientsStillConnectBesideTlsCryptV2() throws Exception {
    TestGateway gw = gateway(List.of(), TlsWrapConfig.Mode.TLS_CRYPT);
    gw.establish(PEER, gw.clientConfig("dave"));
    assertEquals(1, gw.sessions.sessionCount());
    TestPeer other = TestPeer.udp("198.18.0.7", 41007);
    TlsCryptV2ClientWrap c = client("user=erin", serverKey);
    send(gw, other, v3(c, EARLY));
    assertEquals(1, gw.out.takeFor(other).size(), "and tls-crypt-v2 clients beside them");
  }
}
