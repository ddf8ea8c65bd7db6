package org.p2sgate.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PolicyChoiceTest {
  private static final AuthContext CTX =
      new AuthContext(new InetSocketAddress("192.0.2.7", 1194), "s-1", Map.of());

  private static PolicyChoice.Option option(
      String spec, java.util.function.Predicate<Credentials> f) {
    return new PolicyChoice.Option(
        AuthPolicy.parse(spec, spec),
        f,
        (c, ctx) -> CompletableFuture.completedFuture(new AuthResult.Accepted(spec, Map.of())));
  }

  private final PolicyChoice choice =
      new PolicyChoice(
          List.of(
              option("password", c -> c.username().equals("bob")),
              option("token", c -> c.username().equals("AzureAD"))));

  private static AuthResult run(PolicyChoice p, String user) {
    return p.authenticate(new Credentials(List.of(), user, "secret-pw"), CTX)
        .toCompletableFuture()
        .join();
  }

  @Test
  void theFirstPolicyThatFitsRuns() {
    assertEquals(new AuthResult.Accepted("password", Map.of()), run(choice, "bob"));
    assertEquals(new AuthResult.Accepted("token", Map.of()), run(choice, "AzureAD"));
  }

  @Test
  void aClientThatFitsNoneIsRefusedWithoutItsPassword() {
    AuthResult r = run(choice, "carol");
    assertTrue(
        r instanceof AuthResult.Rejected rej && rej.reason().contains("no policy fits"),
        r.toString());
    assertEquals("policy", ((AuthResult.Rejected) r).method());
    assertFalse(r.toString().contains("secret-pw"));
  }
}
