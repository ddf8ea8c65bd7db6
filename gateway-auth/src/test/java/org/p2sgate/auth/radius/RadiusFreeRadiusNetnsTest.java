package org.p2sgate.auth.radius;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.auth.AuthContext;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.Credentials;

/** Against a real FreeRADIUS on loopback (see {@link FreeRadiusServer}); needs root. */
@Tag("netns")
class RadiusFreeRadiusNetnsTest {
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final AuthContext CONTEXT =
      new AuthContext(new InetSocketAddress("192.0.2.7", 50123), "sess-1", Map.of());

  @TempDir static Path tmp;
  static FreeRadiusServer primary;
  static FreeRadiusServer secondary;
  static ExecutorService executor;

  @BeforeAll
  static void startServers() throws Exception {
    primary = FreeRadiusServer.start(tmp, "primary");
    secondary = FreeRadiusServer.start(tmp, "secondary");
    executor = Executors.newVirtualThreadPerTaskExecutor();
  }

  @AfterAll
  static void stopServers() throws Exception {
    if (primary != null) {
      primary.stop();
    }
    if (secondary != null) {
      secondary.stop();
    }
    if (executor != null) {
      executor.shutdownNow();
      executor.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  static RadiusServerConfig server(int authPort, int acctPort) {
    return new RadiusServerConfig(
        "127.0.0.1", authPort, acctPort, FreeRadiusServer.SECRET, TIMEOUT, 1);
  }

  static RadiusServerConfig server(FreeRadiusServer s) {
    return server(s.authPort(), s.acctPort());
  }

  static RadiusConfig config(
      RadiusServerConfig first,
      RadiusServerConfig second,
      RadiusConfig.AuthMethod method,
      RadiusConfig.StaticChallengeMode mode)
      throws Exception {
    return new RadiusConfig(
        first,
        Optional.ofNullable(second),
        "p2sgate-test",
        Optional.of((Inet4Address) InetAddress.getByName("127.0.0.1")),
        method,
        mode,
        true,
        Duration.ofMinutes(5));
  }

  static RadiusConfig pap() throws Exception {
    return config(
        server(primary),
        server(secondary),
        RadiusConfig.AuthMethod.PAP,
        RadiusConfig.StaticChallengeMode.TWO_ROUNDS);
  }

  static AuthResult authenticate(RadiusConfig config, String user, String password)
      throws Exception {
    try (RadiusAuthenticator a = new RadiusAuthenticator(config, executor)) {
      return a.authenticate(new Credentials(java.util.List.of(), user, password), CONTEXT)
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void goodPasswordAcceptedWithFramedIpAndClass() throws Exception {
    var a = assertInstanceOf(AuthResult.Accepted.class, authenticate(pap(), "alice", "alicepass"));
    assertEquals("alice", a.identity());
    assertEquals("10.8.0.42", a.attributes().get("Framed-IP-Address"));
    assertEquals("616c6963652d636c617373", a.attributes().get("Class"));
  }

  @Test
  void msChapV2Accepted() throws Exception {
    var config =
        config(
            server(primary),
            null,
            RadiusConfig.AuthMethod.MSCHAPV2,
            RadiusConfig.StaticChallengeMode.TWO_ROUNDS);
    var a = assertInstanceOf(AuthResult.Accepted.class, authenticate(config, "alice", "alicepass"));
    assertEquals("10.8.0.42", a.attributes().get("Framed-IP-Address"));
    assertInstanceOf(AuthResult.Rejected.class, authenticate(config, "alice", "wrong"));
  }

  @Test
  void wrongPasswordRejectedWithReplyMessage() throws Exception {
    var r = assertInstanceOf(AuthResult.Rejected.class, authenticate(pap(), "alice", "nope"));
    assertEquals("Wrong password", r.clientMessage());
  }

  @Test
  void dynamicChallengeThenAnswerAccepted() throws Exception {
    var c = assertInstanceOf(AuthResult.Challenge.class, authenticate(pap(), "otpuser", "otppass"));
    assertEquals("Enter your OTP", c.prompt());
    var a =
        assertInstanceOf(
            AuthResult.Accepted.class,
            authenticate(pap(), "otpuser", "CRV1::" + c.state() + "::424242"));
    assertEquals("6f7470", a.attributes().get("Class"));
    assertInstanceOf(
        AuthResult.Rejected.class, authenticate(pap(), "otpuser", "CRV1::" + c.state() + "::1"));
  }

  @Test
  void staticChallengeInTwoRoundsOrConcatenated() throws Exception {
    Base64.Encoder b64 = Base64.getEncoder();
    String scrv1 =
        "SCRV1:"
            + b64.encodeToString("otppass".getBytes(StandardCharsets.UTF_8))
            + ":"
            + b64.encodeToString("424242".getBytes(StandardCharsets.UTF_8));
    assertInstanceOf(AuthResult.Accepted.class, authenticate(pap(), "otpuser", scrv1));
    var concatenated =
        config(
            server(primary),
            null,
            RadiusConfig.AuthMethod.PAP,
            RadiusConfig.StaticChallengeMode.CONCATENATE);
    assertInstanceOf(AuthResult.Accepted.class, authenticate(concatenated, "otpuser", scrv1));
  }

  @Test
  void primaryStoppedSecondaryUsed() throws Exception {
    FreeRadiusServer doomed = FreeRadiusServer.start(tmp, "doomed");
    assertInstanceOf(
        AuthResult.Accepted.class,
        authenticate(
            config(
                server(doomed),
                null,
                RadiusConfig.AuthMethod.PAP,
                RadiusConfig.StaticChallengeMode.TWO_ROUNDS),
            "alice",
            "alicepass"));
    doomed.stop();
    var config =
        config(
            server(doomed),
            server(secondary),
            RadiusConfig.AuthMethod.PAP,
            RadiusConfig.StaticChallengeMode.TWO_ROUNDS);
    long t0 = System.nanoTime();
    assertInstanceOf(AuthResult.Accepted.class, authenticate(config, "alice", "alicepass"));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms >= 900, "the primary's two attempts should have timed out first: " + ms + " ms");
  }

  @Test
  void bothDownUnavailableWithinTheTimeout() throws Exception {
    var config =
        config(
            server(FreeRadiusServer.freeUdpPort(), FreeRadiusServer.freeUdpPort()),
            server(FreeRadiusServer.freeUdpPort(), FreeRadiusServer.freeUdpPort()),
            RadiusConfig.AuthMethod.PAP,
            RadiusConfig.StaticChallengeMode.TWO_ROUNDS);
    long t0 = System.nanoTime();
    var u = assertInstanceOf(AuthResult.Unavailable.class, authenticate(config, "alice", "x"));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    // 2 servers x (1 + 1 retry) x 500 ms
    assertTrue(ms >= 1_900 && ms < 4_000, "took " + ms + " ms: " + u.cause());
    assertTrue(u.cause().contains("127.0.0.1"), u.cause());
  }

  @Test
  void accountingStartAndStopReachTheDetailFileWithClass() throws Exception {
    Map<String, String> accepted =
        assertInstanceOf(AuthResult.Accepted.class, authenticate(pap(), "alice", "alicepass"))
            .attributes();
    var session =
        RadiusAccounting.Session.of(
            "p2s-acct-1",
            "alice",
            CONTEXT.source(),
            Optional.of((Inet4Address) InetAddress.getByName(accepted.get("Framed-IP-Address"))),
            accepted);
    try (RadiusAccounting acct = new RadiusAccounting(pap(), executor)) {
      assertTrue(acct.start(session).toCompletableFuture().get(10, TimeUnit.SECONDS));
      var usage = new RadiusAccounting.Usage(12_345, 6_000_000_000L, Duration.ofSeconds(42));
      assertTrue(acct.interim(session, usage).toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertTrue(acct.stop(session, usage, 1).toCompletableFuture().get(10, TimeUnit.SECONDS));
    }
    String detail = Files.readString(primary.detailFile());
    for (String expected :
        new String[] {
          "Acct-Status-Type = Start",
          "Acct-Status-Type = Interim-Update",
          "Acct-Status-Type = Stop",
          "Acct-Session-Id = \"p2s-acct-1\"",
          "Class = 0x616c6963652d636c617373",
          "Framed-IP-Address = 10.8.0.42",
          "Acct-Input-Octets = 12345",
          "Acct-Output-Gigawords = 1",
          "Acct-Session-Time = 42",
          "Calling-Station-Id = \"192.0.2.7\"",
          "NAS-Identifier = \"p2sgate-test\""
        }) {
      assertTrue(detail.contains(expected), expected + " missing from:\n" + detail);
    }
  }
}
