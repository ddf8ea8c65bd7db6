package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.p2sgate.core.config.TlsWrapConfig;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;

/**
 * A client whose address changes (wire doc 7.4: it floats on an authenticated P_DATA_V2) and a
 * client that restarts from the same address with a new session id (wire doc 4.2, last paragraph).
 */
class RoamingTest {
  private static final TestPeer HOME = TestPeer.udp("198.18.0.2", 41000);
  private static final TestPeer AWAY = TestPeer.udp("198.51.100.7", 62000);

  @ParameterizedTest(name = "{0}")
  @EnumSource(TlsWrapConfig.Mode.class)
  void aClientFloatsOnAuthenticatedData(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 51).build();
    TestOpenVpnClient c = gw.establish(HOME, gw.clientConfig("alice"));
    ClientSession s = gw.sessions.sessions().get(0);
    gw.move(HOME, AWAY);

    // a control packet from the new address does not move the session
    c.sendControlMessage("PUSH_REQUEST", gw.now());
    gw.exchange();
    assertEquals(HOME, s.peer());
    assertTrue(gw.drops().get(DropReason.COOKIE_INVALID) > 0, gw.drops().snapshot().toString());

    // authenticated data does
    HandshakeTest.assertDataBothWays(gw, c);
    assertEquals(AWAY, s.peer());
    assertEquals(1, gw.sessions.sessionCount());

    // and the control channel follows: a renegotiation from the new address
    c.renegotiate(gw.now());
    assertTrue(gw.runUntil(() -> c.sendKeyId() == 1 && s.currentKeyId() == 1, 20_000), c::toString);
    HandshakeTest.assertDataBothWays(gw, c);
  }

  @Test
  void forgedOrReplayedDataFromANewAddressDoesNotMoveTheSession() {
    TestGateway gw = TestGateway.builder().wrap(TlsWrapConfig.Mode.TLS_CRYPT, 53).build();
    TestOpenVpnClient c = gw.establish(HOME, gw.clientConfig("alice"));
    ClientSession s = gw.sessions.sessions().get(0);
    byte[] sealed = c.sealIp(upPacket());
    gw.sessions.onPacket(HOME, sealed.clone(), 0, sealed.length, gw.now(), gw.out);
    assertEquals(1, gw.out.takeTun().size());

    // the peer-id of the session and a fresh packet-id, with a forged tag, from elsewhere
    byte[] forged = c.sealIp(upPacket());
    forged[forged.length - 1] ^= 1;
    gw.sessions.onPacket(AWAY, forged, 0, forged.length, gw.now(), gw.out);
    assertEquals(HOME, s.peer());
    assertEquals(1, gw.drops().get(DropReason.DATA_BAD_TAG), gw.drops().snapshot().toString());

    // a packet the client really sent, replayed from elsewhere
    gw.sessions.onPacket(AWAY, sealed.clone(), 0, sealed.length, gw.now(), gw.out);
    assertEquals(HOME, s.peer());
    assertEquals(1, gw.drops().get(DropReason.DATA_REPLAY));
    assertEquals(0, gw.out.takeTun().size());
    HandshakeTest.assertDataBothWays(gw, c);
    assertEquals(HOME, s.peer());
  }

  @Test
  void noFloatOntoAnAddressAnotherClientHolds() {
    TestGateway gw = TestGateway.builder().wrap(TlsWrapConfig.Mode.TLS_CRYPT, 54).build();
    TestOpenVpnClient alice = gw.establish(HOME, gw.clientConfig("alice"));
    gw.establish(AWAY, gw.clientConfig("bob"));
    ClientSession a = sessionOn(gw, HOME);
    byte[] sealed = alice.sealIp(upPacket());
    gw.out.takeTun();
    gw.sessions.onPacket(AWAY, sealed, 0, sealed.length, gw.now(), gw.out);
    assertEquals(HOME, a.peer());
    assertEquals(2, gw.sessions.sessionCount());
    assertEquals(1, gw.drops().get(DropReason.FLOAT_ADDRESS_TAKEN));
    assertEquals(0, gw.out.takeTun().size(), "not delivered either");
  }

  @Test
  void theSameLoginFloatingOntoItsOtherSessionsAddressEndsThatSession() {
    // without certificates two sessions of one identity may coexist; a float joins them
    TestGateway gw =
        TestGateway.builder()
            .wrap(TlsWrapConfig.Mode.TLS_CRYPT, 55)
            .noClientCertificates()
            .authenticator(
                (cred, ctx) ->
                    java.util.concurrent.CompletableFuture.completedFuture(
                        new org.p2sgate.auth.AuthResult.Accepted(
                            cred.username(), java.util.Map.of())))
            .build();
    TestOpenVpnClient first =
        gw.establish(HOME, gw.clientConfig("x").withCert(null).withCredentials("alice", "pw"));
    gw.establish(AWAY, gw.clientConfig("y").withCert(null).withCredentials("alice", "pw"));
    TestPeer elsewhere = TestPeer.udp("203.0.113.9", 1194);
    gw.establish(elsewhere, gw.clientConfig("z").withCert(null).withCredentials("bob", "pw"));
    assertEquals(3, gw.sessions.sessionCount());
    ClientSession s = sessionOn(gw, HOME);
    ClientSession other = sessionOn(gw, AWAY);

    // onto bob's address: refused
    byte[] sealed = first.sealIp(upPacket());
    gw.sessions.onPacket(elsewhere, sealed, 0, sealed.length, gw.now(), gw.out);
    assertEquals(HOME, s.peer());
    assertEquals(1, gw.drops().get(DropReason.FLOAT_ADDRESS_TAKEN));

    // onto its own other session's address: that session ends, this one moves
    sealed = first.sealIp(upPacket());
    gw.sessions.onPacket(AWAY, sealed, 0, sealed.length, gw.now(), gw.out);
    assertEquals(AWAY, s.peer());
    assertTrue(other.isClosed());
    assertEquals(2, gw.sessions.sessionCount());
    assertEquals(s, sessionOn(gw, AWAY));
  }

  @Test
  void aSessionStillLoggingInOnTheAddressIsNotReplaced() {
    // the first login is accepted, the second stays pending (past TLS, certificate known)
    int[] logins = {0};
    TestGateway gw =
        TestGateway.builder()
            .wrap(TlsWrapConfig.Mode.TLS_CRYPT, 57)
            .authenticator(
                (cred, ctx) ->
                    logins[0]++ == 0
                        ? java.util.concurrent.CompletableFuture.completedFuture(
                            new org.p2sgate.auth.AuthResult.Accepted("alice", java.util.Map.of()))
                        : new java.util.concurrent.CompletableFuture<>())
            .build();
    var cfg = gw.clientConfig("alice");
    TestOpenVpnClient c = gw.establish(HOME, cfg);
    ClientSession s = sessionOn(gw, HOME);
    gw.connect(AWAY, cfg.withSeed(77));
    gw.exchange();
    ClientSession pending = sessionOn(gw, AWAY);
    assertEquals(2, logins[0]);
    assertEquals(s.presented.certificateChain(), pending.presented.certificateChain());
    assertFalse(pending.isAdmitted());
    byte[] p = c.sealIp(upPacket());
    gw.sessions.onPacket(AWAY, p, 0, p.length, gw.now(), gw.out);
    assertEquals(HOME, s.peer());
    assertFalse(pending.isClosed());
    assertEquals(1, gw.drops().get(DropReason.FLOAT_ADDRESS_TAKEN));
  }

  @Test
  void tcpNeverFloats() {
    TestGateway gw = TestGateway.builder().wrap(TlsWrapConfig.Mode.TLS_CRYPT, 56).build();
    TestOpenVpnClient udp = gw.establish(HOME, gw.clientConfig("alice"));
    TestPeer stream = TestPeer.tcp("198.51.100.8", 50000);
    TestOpenVpnClient tcp = gw.establish(stream, gw.clientConfig("bob"));
    ClientSession a = sessionOn(gw, HOME);
    ClientSession b = sessionOn(gw, stream);
    gw.out.takeTun();
    // alice's packet on bob's TCP connection, bob's packet from a UDP address: no session moves
    byte[] p = udp.sealIp(upPacket());
    gw.sessions.onPacket(stream, p, 0, p.length, gw.now(), gw.out);
    p = tcp.sealIp(upPacket());
    gw.sessions.onPacket(AWAY, p, 0, p.length, gw.now(), gw.out);
    assertEquals(HOME, a.peer());
    assertEquals(stream, b.peer());
    assertEquals(2, gw.drops().get(DropReason.DATA_UNKNOWN_PEER));
    assertEquals(0, gw.out.takeTun().size());
  }

  private static ClientSession sessionOn(TestGateway gw, TestPeer peer) {
    return gw.sessions.sessions().stream()
        .filter(x -> x.peer().equals(peer))
        .findFirst()
        .orElseThrow();
  }

  private static byte[] upPacket() {
    return org.p2sgate.tun.testing.Packets.udp4(
        TestGateway.ip("10.8.0.2"),
        5353,
        TestGateway.ip("10.99.0.5"),
        53,
        "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TlsWrapConfig.Mode.class)
  void aRestartedClientOnTheSameAddressReplacesItsOldSession(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 52).build();
    TestOpenVpnClient first = gw.establish(HOME, gw.clientConfig("alice"));
    ClientSession old = gw.sessions.sessions().get(0);
    TestOpenVpnClient second = gw.establish(HOME, gw.clientConfig("alice").withSeed(2));
    assertNotEquals(first.sessionId(), second.sessionId());
    assertEquals(1, gw.sessions.sessionCount());
    assertTrue(old.isClosed());
    assertTrue(
        second.pushOptions().contains("ifconfig 10.8.0.2 255.255.255.0"), second.pushReply());
    assertTrue(second.pushOptions().contains("peer-id 0"), second.pushReply());
    HandshakeTest.assertDataBothWays(gw, second);
  }
}
