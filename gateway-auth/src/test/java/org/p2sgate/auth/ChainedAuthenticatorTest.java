package org.p2sgate.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ChainedAuthenticatorTest {
  static final Credentials CREDS = new Credentials(List.of(), "alice", "s3cret-pass");
  static final AuthContext CTX =
      new AuthContext(new InetSocketAddress("192.0.2.1", 1194), "sess-1", Map.of());

  final List<String> calls = new ArrayList<>();

  Authenticator fixed(String name, AuthResult result) {
    return (c, ctx) -> {
      calls.add(name);
      return CompletableFuture.completedFuture(result);
    };
  }

  AuthResult run(String spec, AuthMethods methods) {
    return AuthPolicy.parse("p", spec)
        .compose(methods)
        .authenticate(CREDS, CTX)
        .toCompletableFuture()
        .join();
  }

  @Test
  void runsInOrderMergingAttributesAndTakingTheLastIdentity() {
    CompletableFuture<AuthResult> later = new CompletableFuture<>();
    AuthMethods m =
        AuthMethods.builder()
            .add(
                "certificate",
                fixed(
                    "certificate",
                    new AuthResult.Accepted("CN-alice", Map.of("cert.sha1", "ab", "k", "cert"))))
            .add(
                "radius",
                (c, ctx) -> {
                  calls.add("radius");
                  return later;
                })
            .add("audit", fixed("audit", new AuthResult.Accepted("", Map.of("audited", "yes"))))
            .build();
    var stage =
        AuthPolicy.parse("p", "certificate+radius+audit").compose(m).authenticate(CREDS, CTX);
    assertEquals(List.of("certificate", "radius"), calls);
    assertFalse(stage.toCompletableFuture().isDone(), "waits for the slow method");
    later.complete(new AuthResult.Accepted("alice@corp", Map.of("Class", "x", "k", "radius")));
    var a = assertInstanceOf(AuthResult.Accepted.class, stage.toCompletableFuture().join());
    assertEquals(List.of("certificate", "radius", "audit"), calls);
    assertEquals("alice@corp", a.identity());
    assertEquals(
        Map.of(
            "cert.sha1",
            "ab",
            "Class",
            "x",
            "k",
            "radius",
            "audited",
            "yes",
            ChainedAuthenticator.POLICY_ATTRIBUTE,
            "certificate+radius+audit"),
        a.attributes(),
        "merged, and named by the policy that accepted");
  }

  @Test
  void stopsAtTheFirstResultThatIsNotAccepted() {
    var rejected = new AuthResult.Rejected("wrong password");
    var challenge = new AuthResult.Challenge("st", "Enter OTP", true);
    var unavailable = new AuthResult.Unavailable("no RADIUS server answered");
    for (AuthResult r : List.of(rejected, challenge, unavailable)) {
      calls.clear();
      AuthMethods m =
          AuthMethods.builder()
              .add("certificate", fixed("certificate", new AuthResult.Accepted("a", Map.of())))
              .add("radius", fixed("radius", r))
              .add("entra", fixed("entra", new AuthResult.Accepted("b", Map.of())))
              .build();
      // refusals and "could not decide" name the method they came from
      AuthResult expected =
          r instanceof AuthResult.Rejected x
              ? x.by("radius")
              : r instanceof AuthResult.Unavailable u ? u.by("radius") : r;
      assertEquals(expected, run("certificate+radius+entra", m));
      assertEquals(List.of("certificate", "radius"), calls);
    }
    calls.clear();
    AuthMethods m =
        AuthMethods.builder()
            .add("certificate", fixed("certificate", rejected))
            .add("radius", fixed("radius", new AuthResult.Accepted("a", Map.of())))
            .build();
    AuthResult first = run("certificate+radius", m);
    assertEquals(rejected.by("certificate"), first);
    assertEquals("certificate", ((AuthResult.Rejected) first).method());
    assertEquals(List.of("certificate"), calls);
  }

  @Test
  void aFailingMethodIsUnavailableWithoutItsMessage() {
    AuthMethods m =
        AuthMethods.builder()
            .add(
                "throws",
                (c, ctx) -> {
                  throw new IllegalStateException("boom " + c.password());
                })
            .add(
                "fails",
                (c, ctx) ->
                    CompletableFuture.failedFuture(
                        new java.io.IOException("socket said " + c.password())))
            .add("null", (c, ctx) -> null)
            .add("ok", AcceptAll.INSTANCE)
            .build();
    assertEquals(
        new AuthResult.Unavailable("method 'throws' failed: IllegalStateException", "throws"),
        run("throws+ok", m));
    assertEquals(
        new AuthResult.Unavailable("method 'fails' failed: IOException", "fails"),
        run("ok+fails", m));
    assertEquals(
        new AuthResult.Unavailable("method 'null' returned no result", "null"), run("null", m));
  }

  @Test
  void acceptAllAndRejectAll() {
    AuthMethods m =
        AuthMethods.builder().add("yes", AcceptAll.INSTANCE).add("no", RejectAll.INSTANCE).build();
    assertEquals(
        new AuthResult.Accepted("alice", Map.of(ChainedAuthenticator.POLICY_ATTRIBUTE, "yes")),
        run("yes", m));
    assertEquals(
        new AuthResult.Rejected("all logins refused (reject-all)", null, "no"), run("yes+no", m));
    AuthResult r = RejectAll.INSTANCE.authenticate(CREDS, CTX).toCompletableFuture().join();
    assertFalse(r.toString().contains("s3cret"));
    assertFalse(CREDS.toString().contains("s3cret"));
    assertEquals(
        "Credentials[chain=0 certs, username=alice, password=<11 chars>]", CREDS.toString());
  }

  /**
   * A browser sign-in within a chain ({@code certificate+sso+radius}): the pending result goes out
   * at once; its outcome runs the rest of the chain, merging what each method learned; cancelling
   * the chain's outcome cancels the method's.
   */
  @Test
  void aPendingSignInContinuesTheChainWithItsOutcome() {
    CompletableFuture<AuthResult> signedIn = new CompletableFuture<>();
    AuthMethods m =
        AuthMethods.builder()
            .add("certificate", fixed("certificate", new AuthResult.Accepted("CN-dev", Map.of())))
            .add(
                "sso",
                fixed(
                    "sso",
                    new AuthResult.Pending(
                        "https://x/sso/start?s=1", java.time.Duration.ofSeconds(60), signedIn)))
            .add("radius", fixed("radius", new AuthResult.Accepted("", Map.of("Class", "eng"))))
            .build();
    AuthResult.Pending p =
        assertInstanceOf(AuthResult.Pending.class, run("certificate+sso+radius", m));
    assertEquals(List.of("certificate", "sso"), calls, "the rest waits for the sign-in");
    signedIn.complete(new AuthResult.Accepted("alice@example.org", Map.of("sub", "s1")));
    AuthResult.Accepted a =
        assertInstanceOf(AuthResult.Accepted.class, p.outcome().toCompletableFuture().join());
    assertEquals("alice@example.org", a.identity());
    assertEquals("eng", a.attributes().get("Class"));
    assertEquals(
        "certificate+sso+radius", a.attributes().get(ChainedAuthenticator.POLICY_ATTRIBUTE));

    CompletableFuture<AuthResult> abandoned = new CompletableFuture<>();
    AuthMethods n =
        AuthMethods.builder()
            .add(
                "sso",
                fixed(
                    "sso",
                    new AuthResult.Pending(
                        "https://x/sso/start?s=2", java.time.Duration.ofSeconds(60), abandoned)))
            .build();
    AuthResult.Pending q = assertInstanceOf(AuthResult.Pending.class, run("sso", n));
    q.outcome().toCompletableFuture().cancel(false);
    org.junit.jupiter.api.Assertions.assertTrue(abandoned.isCancelled(), "the method hears of it");

    CompletableFuture<AuthResult> refused = new CompletableFuture<>();
    AuthMethods r =
        AuthMethods.builder()
            .add(
                "sso",
                fixed(
                    "sso",
                    new AuthResult.Pending(
                        "https://x/sso/start?s=3", java.time.Duration.ofSeconds(60), refused)))
            .build();
    AuthResult.Pending t = assertInstanceOf(AuthResult.Pending.class, run("sso", r));
    refused.complete(new AuthResult.Rejected("not in a required group"));
    assertEquals(
        "sso",
        assertInstanceOf(AuthResult.Rejected.class, t.outcome().toCompletableFuture().join())
            .method());
  }
}
