package org.p2sgate.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.Authenticator;
import org.p2sgate.auth.token.AuthTokens;
import org.p2sgate.core.observe.SessionListener;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;

/**
 * An auth-token is bound to the session it was issued in: a login by the token continues that
 * session (one live session per token: the old one is replaced) and names the user as the full
 * login did (the UPN, not Entra's username AzureAD); session ids are the gateway's own.
 */
class TokenSessionTest {

  private record Established(String id, String identity) {}

  @Test
  void aTokenLoginContinuesItsSessionAndNamesTheUserAsTheFullLoginDid() {
    AuthTokens tokens =
        new AuthTokens(
            "a-shared-secret-of-enough-length".getBytes(StandardCharsets.UTF_8),
            Duration.ofHours(8),
            Clock.systemUTC());
    Authenticator entraLike =
        (c, ctx) ->
            CompletableFuture.completedFuture(
                c.username().equals("AzureAD") && c.password().equals("eyJ-a-real-idp-token")
                    ? new AuthResult.Accepted("alice@corp.example", Map.of())
                    : new AuthResult.Rejected("bad token"));
    List<Established> seen = new ArrayList<>();
    SessionListener listener =
        new SessionListener() {
          @Override
          public void established(
              String id, String who, InetSocketAddress src, Inet4Address a, Map<String, String> m) {
            seen.add(new Established(id, who));
          }
        };
    TestGateway gw =
        TestGateway.builder()
            .noClientCertificates()
            .tokens(tokens)
            .listener(listener)
            .authenticator(Authentication.withTokens(entraLike, tokens, c -> true))
            .build();
    TestOpenVpnClient first =
        gw.establish(
            TestPeer.udp("198.18.0.2", 40000),
            gw.clientConfig("laptop").withCredentials("AzureAD", "eyJ-a-real-idp-token"));
    String token = first.authToken();

    TestOpenVpnClient again =
        gw.establish(
            TestPeer.udp("198.18.0.2", 40001),
            gw.clientConfig("laptop2").withCredentials("AzureAD", token));
    assertTrue(again.isConnected());
    assertEquals(1, gw.sessions.sessionCount(), "the session the token continues is replaced");
    assertEquals(2, seen.size());
    assertEquals("alice@corp.example", seen.get(1).identity(), "the UPN, not AzureAD");
    assertTrue(!seen.get(0).id().equals(seen.get(1).id()), "each session has an id of its own");
    for (Established e : seen) {
      assertTrue(e.id().matches("[0-9a-f]{16}"), e.id());
      long clientSid = again.sessionId();
      assertTrue(!e.id().equals(java.util.HexFormat.of().toHexDigits(clientSid)), "ours");
    }
  }
}
