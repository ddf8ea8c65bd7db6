package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.core.testing.TestClientConfig;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;

/**
 * A login that goes on in the browser ({@link AuthResult.Pending}), fed bytes and time: what the
 * client is sent, that it gets nothing for its PUSH_REQUESTs meanwhile, and how the wait ends
 * (accepted, refused, timed out, abandoned, answered late or twice).
 */
class WebAuthSessionTest {
  static final TestPeer PEER = DeferredAuthTest.PEER;
  static final String URL = "https://vpn.example.org/sso/start?s=abc";

  private final DeferredAuthTest.Manual auth = new DeferredAuthTest.Manual();
  private final CompletableFuture<AuthResult> outcome = new CompletableFuture<>();

  /** A gateway with {@code hand} and the default reneg-sec (an hour: sign-ins up to 30 min). */
  private TestGateway gateway(Duration hand) {
    return TestGateway.builder()
        .authenticator(auth)
        .handWindow(hand)
        .renegSec(Duration.ofHours(1))
        .build();
  }

  private TestOpenVpnClient pending(TestGateway gw, TestClientConfig cfg, Duration timeout) {
    TestOpenVpnClient c = gw.connect(PEER, cfg.withCredentials("alice", "-"));
    gw.runUntil(() -> !auth.pending.isEmpty(), 3_000);
    auth.pending.get(0).complete(new AuthResult.Pending(URL, timeout, outcome));
    gw.runUntil(() -> c.controlMessages().stream().anyMatch(m -> m.startsWith("INFO_PRE")), 3_000);
    return c;
  }

  private static TestClientConfig client(TestGateway gw, String ivSso) {
    return gw.clientConfig("alice").withIvSso(ivSso);
  }

  @Test
  void aWebAuthClientIsToldToOpenTheUrlAndGetsItsOptionsOnceSignedIn() throws Exception {
    TestGateway gw = gateway(Duration.ofSeconds(60));
    TestOpenVpnClient c = pending(gw, client(gw, "webauth,crtext"), Duration.ofSeconds(120));
    assertEquals(
        List.of("AUTH_PENDING,timeout 120", "INFO_PRE,WEB_AUTH::" + URL), c.controlMessages());
    // the client keeps asking (every 5 s); nothing is pushed while the user signs in
    gw.runUntil(() -> false, 30_000);
    assertNull(c.pushReply());
    assertNull(c.authFailed());
    assertEquals(0, gw.ctx.pool().allocatedCount(), "no address while pending");
    // the browser's callback completes it on a thread of the sign-in listener
    Thread callback =
        new Thread(() -> outcome.complete(new AuthResult.Accepted("alice@example.org", Map.of())));
    callback.start();
    callback.join();
    assertTrue(gw.runUntil(() -> c.pushReply() != null, 5_000), "PUSH_REPLY once signed in");
    HandshakeTest.assertDataBothWays(gw, c);
  }

  @Test
  void withoutTheKeywordBitAuthPendingHasNoTimeoutAndOpenUrlOnlyClientsGetOpenUrl() {
    TestGateway gw = gateway(Duration.ofSeconds(60));
    TestOpenVpnClient c =
        pending(
            gw,
            client(gw, "openurl").withIvProto(TestClientConfig.IV_PROTO_26 & ~(1 << 4)),
            Duration.ofSeconds(120));
    assertEquals(List.of("AUTH_PENDING", "INFO_PRE,OPEN_URL:" + URL), c.controlMessages());
  }

  @Test
  void theTimeoutIsCappedAsTheReferenceCapsIt() {
    // max(reneg-sec / 2, hand-window), less what the key already took
    TestGateway gw =
        TestGateway.builder()
            .authenticator(auth)
            .handWindow(Duration.ofSeconds(60))
            .renegSec(Duration.ofSeconds(100))
            .build();
    TestOpenVpnClient c = pending(gw, client(gw, "webauth"), Duration.ofSeconds(600));
    String first = c.controlMessages().get(0);
    int secs = Integer.parseInt(first.substring("AUTH_PENDING,timeout ".length()));
    assertTrue(secs <= 60 && secs >= 55, first);
  }

  @Test
  void aClientThatCannotOpenAUrlIsRefusedAndTheSignInCancelled() {
    TestGateway gw = gateway(Duration.ofSeconds(60));
    TestOpenVpnClient c = gw.connect(PEER, client(gw, null).withCredentials("alice", "-"));
    gw.runUntil(() -> !auth.pending.isEmpty(), 3_000);
    auth.pending.get(0).complete(new AuthResult.Pending(URL, Duration.ofSeconds(60), outcome));
    assertTrue(gw.runUntil(() -> c.authFailed() != null, 3_000));
    assertTrue(c.authFailed().contains("cannot open a URL"), c.authFailed());
    assertTrue(outcome.isCancelled(), "the method forgets the sign-in");
    assertFalse(c.controlMessages().stream().anyMatch(m -> m.startsWith("INFO_PRE")));
  }

  @Test
  void aSignInThatNeverEndsIsRefusedAtItsTimeoutNotAtTheHandWindow() {
    TestGateway gw = gateway(Duration.ofSeconds(10));
    TestOpenVpnClient c = pending(gw, client(gw, "webauth"), Duration.ofSeconds(30));
    gw.runUntil(() -> c.authFailed() != null, 20_000);
    assertNull(c.authFailed(), "still waiting after the 10 s hand-window");
    assertTrue(gw.runUntil(() -> c.authFailed() != null, 15_000));
    assertEquals("AUTH_FAILED,browser sign-in timed out", c.authFailed());
    assertTrue(outcome.isCancelled());
    // an answer that comes after the refusal changes nothing
    outcome.obtrudeValue(new AuthResult.Accepted("alice", Map.of()));
    gw.runUntil(() -> false, 3_000);
    assertNull(c.pushReply());
    assertEquals(0, gw.ctx.pool().allocatedCount());
  }

  @Test
  void aClientThatLeavesWhilePendingCancelsTheSignIn() {
    TestGateway gw = gateway(Duration.ofSeconds(60));
    TestOpenVpnClient c = pending(gw, client(gw, "webauth"), Duration.ofSeconds(60));
    c.sendExit(gw.now());
    gw.runUntil(() -> gw.sessions.sessionCount() == 0, 5_000);
    assertEquals(0, gw.sessions.sessionCount());
    assertTrue(outcome.isCancelled(), "the pending sign-in is dropped with the session");
  }

  @Test
  void aSignInThatArrivesAfterTheSessionEndedIsCancelled() {
    TestGateway gw = gateway(Duration.ofSeconds(60));
    TestOpenVpnClient c = gw.connect(PEER, client(gw, "webauth").withCredentials("alice", "-"));
    gw.runUntil(() -> !auth.pending.isEmpty(), 3_000);
    c.sendExit(gw.now());
    gw.runUntil(() -> gw.sessions.sessionCount() == 0, 5_000);
    auth.pending.get(0).complete(new AuthResult.Pending(URL, Duration.ofSeconds(60), outcome));
    gw.runUntil(() -> outcome.isDone(), 3_000);
    assertTrue(outcome.isCancelled(), "nobody waits for it: the method's entry is freed");
  }

  @Test
  void aRefusedSignInIsAuthFailedWithItsMessage() {
    TestGateway gw = gateway(Duration.ofSeconds(60));
    TestOpenVpnClient c = pending(gw, client(gw, "webauth"), Duration.ofSeconds(60));
    outcome.complete(new AuthResult.Rejected("not in a required group", "not in a required group"));
    assertTrue(gw.runUntil(() -> c.authFailed() != null, 3_000));
    assertEquals("AUTH_FAILED,not in a required group", c.authFailed());
    assertNull(c.pushReply());
  }

  @Test
  void aSecondPendingForOneLoginIsRefused() {
    TestGateway gw = gateway(Duration.ofSeconds(60));
    TestOpenVpnClient c = pending(gw, client(gw, "webauth"), Duration.ofSeconds(60));
    CompletableFuture<AuthResult> again = new CompletableFuture<>();
    outcome.complete(new AuthResult.Pending(URL, Duration.ofSeconds(60), again));
    assertTrue(gw.runUntil(() -> c.authFailed() != null, 3_000));
    assertTrue(again.isCancelled());
    assertEquals(1, c.controlMessages().stream().filter(m -> m.startsWith("INFO_PRE")).count());
  }
}
