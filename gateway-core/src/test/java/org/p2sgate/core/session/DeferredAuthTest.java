package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.p2sgate.auth.AuthContext;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.Authenticator;
import org.p2sgate.auth.Credentials;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;

/**
 * Authentication runs after key method 2 without blocking the gateway: the session waits for the
 * {@link Authenticator}'s stage, pushes its options when accepted, and refuses with AUTH_FAILED (or
 * a CRV1 challenge) otherwise.
 */
class DeferredAuthTest {
  static final TestPeer PEER = TestPeer.udp("198.18.0.2", 40000);

  /** An authenticator whose answers the test gives by hand. */
  static final class Manual implements Authenticator {
    final List<CompletableFuture<AuthResult>> pending = new ArrayList<>();
    final List<Credentials> seen = new ArrayList<>();
    final List<AuthContext> contexts = new ArrayList<>();

    @Override
    public CompletableFuture<AuthResult> authenticate(Credentials c, AuthContext ctx) {
      seen.add(c);
      contexts.add(ctx);
      CompletableFuture<AuthResult> f = new CompletableFuture<>();
      pending.add(f);
      return f;
    }
  }

  private static TestOpenVpnClient start(TestGateway gw, String user, String pass) {
    TestOpenVpnClient c = gw.connect(PEER, gw.clientConfig("alice").withCredentials(user, pass));
    gw.runUntil(() -> false, 3_000);
    return c;
  }

  @Test
  void pushWaitsForAnAcceptAnsweredOnAnotherThread() throws Exception {
    Manual auth = new Manual();
    TestGateway gw = TestGateway.builder().authenticator(auth).build();
    TestOpenVpnClient c = start(gw, "alice", "s3cret");
    assertEquals(1, auth.seen.size());
    assertEquals("alice", auth.seen.get(0).username());
    assertEquals("s3cret", auth.seen.get(0).password());
    assertEquals(
        2, auth.seen.get(0).certificateChain().size(), "the validated path: leaf and root");
    assertFalse(auth.seen.get(0).toString().contains("s3cret"));
    assertEquals("2.6.14", auth.contexts.get(0).peerInfo().get("IV_VER"));
    assertNull(c.pushReply(), "no options before the authentication answers");
    assertEquals(0, gw.ctx.pool().allocatedCount(), "no address before acceptance");

    Thread t =
        new Thread(() -> auth.pending.get(0).complete(new AuthResult.Accepted("alice", Map.of())));
    t.start();
    t.join();
    assertTrue(gw.runUntil(() -> c.pushReply() != null, 5_000), "PUSH_REPLY after accept");
    assertTrue(c.pushOptions().contains("ifconfig 10.8.0.2 255.255.255.0"), c.pushReply());
    HandshakeTest.assertDataBothWays(gw, c);
  }

  @Test
  void rejectionIsAuthFailedAndHoldsNoAddress() {
    Manual auth = new Manual();
    TestGateway gw = TestGateway.builder().authenticator(auth).build();
    TestOpenVpnClient c = start(gw, "alice", "wrong");
    auth.pending.get(0).complete(new AuthResult.Rejected("bad password", null));
    assertTrue(gw.runUntil(() -> c.authFailed() != null, 5_000));
    assertTrue(c.authFailed().startsWith("AUTH_FAILED"), c.authFailed());
    assertNull(c.pushReply());
    gw.runUntil(() -> gw.sessions.sessionCount() == 0, 10_000);
    assertEquals(0, gw.sessions.sessionCount());
    assertEquals(0, gw.ctx.pool().allocatedCount());
  }

  @Test
  void challengeIsAnOpenVpnDynamicChallenge() {
    Manual auth = new Manual();
    TestGateway gw = TestGateway.builder().authenticator(auth).build();
    TestOpenVpnClient c = start(gw, "alice", "pw");
    auth.pending.get(0).complete(new AuthResult.Challenge("ab12", "Enter your OTP code", true));
    assertTrue(gw.runUntil(() -> c.authFailed() != null, 5_000));
    assertEquals("AUTH_FAILED,CRV1:R,E:ab12:YWxpY2U=:Enter your OTP code", c.authFailed());
  }

  @Test
  void unavailableAndExceptionsAreAuthFailedToo() {
    Manual auth = new Manual();
    TestGateway gw = TestGateway.builder().authenticator(auth).build();
    TestOpenVpnClient c = start(gw, "alice", "pw");
    auth.pending.get(0).completeExceptionally(new IllegalStateException("RADIUS down"));
    assertTrue(gw.runUntil(() -> c.authFailed() != null, 5_000));
    assertNull(c.pushReply());
    assertTrue(
        c.authFailed().startsWith("AUTH_FAILED,TEMP[backoff 10]:"),
        "a 2.6 client (IV_PROTO bit 8) is told to retry later: " + c.authFailed());
  }

  @Test
  void clientsWithoutAuthFailTempGetAPlainAuthFailed() {
    Manual auth = new Manual();
    TestGateway gw = TestGateway.builder().authenticator(auth).build();
    TestOpenVpnClient c =
        gw.connect(
            PEER, gw.clientConfig("alice").withCredentials("alice", "pw").withIvProto(990 & ~256));
    gw.runUntil(() -> false, 3_000);
    auth.pending.get(0).complete(new AuthResult.Unavailable("timed out after 60s"));
    assertTrue(gw.runUntil(() -> c.authFailed() != null, 5_000));
    assertEquals("AUTH_FAILED,authentication unavailable: timed out after 60s", c.authFailed());
  }

  @Test
  void anAnswerThatNeverComesEndsWithTheHandWindow() {
    Manual auth = new Manual();
    TestGateway gw =
        TestGateway.builder().authenticator(auth).handWindow(Duration.ofSeconds(10)).build();
    TestOpenVpnClient c = start(gw, "alice", "pw");
    assertTrue(gw.runUntil(() -> c.authFailed() != null, 15_000), "refused after hand-window");
    assertNotNull(c.authFailed());
    assertNull(c.pushReply());
  }

  /**
   * Entra ID access tokens travel as the password and run to several KB: 12 KiB fits one TLS
   * record, 20 KiB spans two; both must reach the authenticator intact.
   */
  @Test
  void largeTokensAsPasswordsArriveWhole() {
    for (int size : new int[] {12 * 1024, 20 * 1024}) {
      Manual auth = new Manual();
      TestGateway gw = TestGateway.builder().authenticator(auth).build();
      String token = "eyJ" + "x".repeat(size - 3);
      start(gw, "AzureAD", token);
      assertEquals(1, auth.seen.size(), size + "-byte token");
      assertEquals(token, auth.seen.get(0).password());
    }
  }
}
