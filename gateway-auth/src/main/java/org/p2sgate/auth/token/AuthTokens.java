package org.p2sgate.auth.token;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Session tokens pushed to clients as {@code auth-token} after a full login, so that renegotiations
 * and reconnects within the token's lifetime do not ask RADIUS or the identity provider again. A
 * token is {@code "P2S2." + base64url(payload) + "." + base64url(HMAC)} where the payload binds the
 * username the client logs in with, the identity the full login established (a UPN where the
 * username is Entra's {@code AzureAD}), the session it was issued for (which a login by the token
 * continues: one live session per token) and the validity window; the HMAC-SHA256 key is a secret
 * that several gateways can share. Stateless and thread safe. Tokens of the first format ({@code
 * P2S1.}) are recognised as tokens and refused, so the client logs in fully once.
 */
public final class AuthTokens {
  static final String PREFIX = "P2S2.";
  static final String OLD_PREFIX = "P2S1.";

  /** The attribute a login by token carries: the session the token continues. */
  public static final String SESSION_ATTRIBUTE = "token.session";

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder D64 = Base64.getUrlDecoder();

  private final byte[] secret;
  private final Duration lifetime;
  private final Clock clock;

  /**
   * A token's contents after its HMAC checked out.
   *
   * @param user the username it was issued to (and must be presented with)
   * @param identity who the full login said the user is
   * @param sessionId the session it was issued in: a login by the token continues that session
   */
  public record Claims(
      String user, String identity, String sessionId, long issuedAtSec, long expiresAtSec) {}

  public AuthTokens(byte[] secret, Duration lifetime, Clock clock) {
    if (secret.length < 16) {
      throw new IllegalArgumentException("auth-token secret must be at least 16 bytes");
    }
    this.secret = secret.clone();
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /** Issues a token for {@code user}, bound to the session it is pushed in. */
  public String issue(String user, String sessionId) {
    return issue(user, user, sessionId, lifetime);
  }

  /** As {@link #issue(String, String)}, for at most {@code notLongerThan}. */
  public String issue(String user, String sessionId, Duration notLongerThan) {
    return issue(user, user, sessionId, notLongerThan);
  }

  /**
   * Issues a token for {@code user}, whose login established {@code identity}, bound to the session
   * it is pushed in, valid for {@code notLongerThan} when that is shorter than the configured
   * lifetime (a RADIUS Session-Timeout: after it, a full login again).
   */
  public String issue(String user, String identity, String sessionId, Duration notLongerThan) {
    Duration valid = notLongerThan.compareTo(lifetime) < 0 ? notLongerThan : lifetime;
    long now = clock.instant().getEpochSecond();
    byte[] u = user.getBytes(StandardCharsets.UTF_8);
    byte[] id = identity.getBytes(StandardCharsets.UTF_8);
    byte[] s = sessionId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer p = ByteBuffer.allocate(4 + u.length + 4 + id.length + 4 + s.length + 16);
    p.putInt(u.length).put(u).putInt(id.length).put(id).putInt(s.length).put(s);
    p.putLong(now).putLong(now + valid.toSeconds());
    byte[] payload = p.array();
    return PREFIX + B64.encodeToString(payload) + "." + B64.encodeToString(mac(payload));
  }

  /** Seconds until a verified token expires, by this instance's clock; at least 1. */
  public long secondsLeft(Claims claims) {
    return Math.max(1, claims.expiresAtSec() - clock.instant().getEpochSecond());
  }

  /** Whether {@code password} looks like one of our tokens (and so is not a real password). */
  public static boolean isToken(String password) {
    return password.startsWith(PREFIX) || password.startsWith(OLD_PREFIX);
  }

  /**
   * Checks a token presented by {@code user}. Never throws on bad input.
   *
   * @return the claims of a genuine, unexpired token issued to {@code user}, else empty
   */
  public Optional<Claims> verify(String user, String token) {
    try {
      if (!token.startsWith(PREFIX) || token.length() > 4096) {
        return Optional.empty();
      }
      String[] parts = token.substring(PREFIX.length()).split("\\.", -1);
      if (parts.length != 2) {
        return Optional.empty();
      }
      byte[] payload = D64.decode(parts[0]);
      if (!MessageDigest.isEqual(mac(payload), D64.decode(parts[1]))) {
        return Optional.empty();
      }
      ByteBuffer p = ByteBuffer.wrap(payload);
      byte[] u = new byte[p.getInt()];
      p.get(u);
      byte[] id = new byte[p.getInt()];
      p.get(id);
      byte[] s = new byte[p.getInt()];
      p.get(s);
      Claims c =
          new Claims(
              new String(u, StandardCharsets.UTF_8),
              new String(id, StandardCharsets.UTF_8),
              new String(s, StandardCharsets.UTF_8),
              p.getLong(),
              p.getLong());
      long now = clock.instant().getEpochSecond();
      if (!c.user().equals(user) || now >= c.expiresAtSec() || now + 60 < c.issuedAtSec()) {
        return Optional.empty();
      }
      return Optional.of(c);
    } catch (RuntimeException e) {
      return Optional.empty(); // malformed base64, lengths past the end: not a token of ours
    }
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(secret, "HmacSHA256"));
      return m.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "AuthTokens[lifetime=" + lifetime + "]";
  }
}
