package org.p2sgate.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AuthTokensTest {
  static final byte[] SECRET = "0123456789abcdef-shared-secret".getBytes();
  static final Clock T0 = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void aTokenVerifiesForItsUserWithinItsLifetimeOnAnyGatewaySharingTheSecret() {
    String t = new AuthTokens(SECRET, Duration.ofHours(8), T0).issue("alice", "sess-1");
    assertTrue(AuthTokens.isToken(t));
    AuthTokens other = new AuthTokens(SECRET.clone(), Duration.ofHours(8), T0);
    AuthTokens.Claims c = other.verify("alice", t).orElseThrow();
    assertEquals("sess-1", c.sessionId());
    assertEquals(8 * 3600, c.expiresAtSec() - c.issuedAtSec());
  }

  @Test
  void aTokenCarriesTheIdentityOfTheFullLoginAndOldFormatTokensAreRefused() {
    AuthTokens tokens = new AuthTokens(SECRET, Duration.ofHours(8), T0);
    String t = tokens.issue("AzureAD", "alice@corp.example", "sess-9", Duration.ofHours(1));
    AuthTokens.Claims c = tokens.verify("AzureAD", t).orElseThrow();
    assertEquals("alice@corp.example", c.identity());
    assertEquals("sess-9", c.sessionId());
    assertTrue(AuthTokens.isToken("P2S1.AAAA.BBBB"), "an old token is a token, not a password");
    assertFalse(tokens.verify("alice", "P2S1.AAAA.BBBB").isPresent());
  }

  @Test
  void aSessionTimeoutShorterThanTheLifetimeBoundsTheToken() {
    AuthTokens tokens = new AuthTokens(SECRET, Duration.ofHours(8), T0);
    String t = tokens.issue("alice", "sess-1", Duration.ofMinutes(30));
    AuthTokens.Claims c = tokens.verify("alice", t).orElseThrow();
    assertEquals(30 * 60, c.expiresAtSec() - c.issuedAtSec());
    assertEquals(30 * 60, tokens.secondsLeft(c), "by the tokens' own clock");
    String longer = tokens.issue("alice", "sess-1", Duration.ofDays(3));
    AuthTokens.Claims l = tokens.verify("alice", longer).orElseThrow();
    assertEquals(8 * 3600, l.expiresAtSec() - l.issuedAtSec(), "never past the lifetime");
  }

  @Test
  void otherUsersExpiryForgeriesAndOtherSecretsAreRefused() {
    AuthTokens tokens = new AuthTokens(SECRET, Duration.ofHours(1), T0);
    String t = tokens.issue("alice", "sess-1");
    assertFalse(tokens.verify("bob", t).isPresent(), "bound to the user");
    Clock later = Clock.offset(T0, Duration.ofHours(1));
    assertFalse(new AuthTokens(SECRET, Duration.ofHours(1), later).verify("alice", t).isPresent());
    byte[] otherSecret = "another-secret-of-16-bytes".getBytes();
    assertFalse(
        new AuthTokens(otherSecret, Duration.ofHours(1), T0).verify("alice", t).isPresent());
    char[] chars = t.toCharArray();
    chars[10] = chars[10] == 'A' ? 'B' : 'A';
    assertFalse(tokens.verify("alice", new String(chars)).isPresent(), "tampered payload");
  }

  @Test
  void garbageNeverThrows() {
    AuthTokens tokens = new AuthTokens(SECRET, Duration.ofHours(1), T0);
    Random r = new Random(3);
    for (int i = 0; i < 5000; i++) {
      byte[] b = new byte[r.nextInt(120)];
      r.nextBytes(b);
      String s = AuthTokens.PREFIX + new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
      assertFalse(tokens.verify("alice", s).isPresent());
    }
    assertFalse(tokens.verify("alice", "P2S1.").isPresent());
    assertFalse(tokens.verify("alice", "P2S1.AAAA.BBBB").isPresent());
    assertThrows(
        IllegalArgumentException.class, () -> new AuthTokens(new byte[8], Duration.ZERO, T0));
  }
}
