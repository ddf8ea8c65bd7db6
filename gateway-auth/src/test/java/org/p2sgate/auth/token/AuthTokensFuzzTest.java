package org.p2sgate.auth.token;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Session tokens come back from clients as passwords: whatever arrives, verification never throws,
 * and what it accepts is for that user and not expired. (Whether a forgery can pass is the HMAC's
 * business: the fuzzer's comparison hooks would be an oracle no attacker has.)
 */
class AuthTokensFuzzTest {
  private static final AuthTokens TOKENS =
      new AuthTokens(
          "fuzzing-secret-of-enough-length".getBytes(StandardCharsets.UTF_8),
          Duration.ofHours(1),
          Clock.systemUTC());

  @FuzzTest(maxDuration = "20s")
  void onlyIssuedTokensVerify(FuzzedDataProvider data) {
    String user = data.consumeString(64);
    String presented = AuthTokens.PREFIX + data.consumeRemainingAsString();
    TOKENS
        .verify(user, presented)
        .ifPresent(
            c ->
                assertTrue(
                    c.user().equals(user)
                        && c.expiresAtSec() > java.time.Instant.now().getEpochSecond()));
    String issued = TOKENS.issue(user, "session-1");
    assertTrue(TOKENS.verify(user, issued).isPresent(), "a fresh token verifies");
  }
}
