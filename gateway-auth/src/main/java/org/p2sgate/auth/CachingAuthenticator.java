package org.p2sgate.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Remembers accepted logins for a while, so that a renegotiation or a quick reconnect with the same
 * credentials does not ask a RADIUS server or an IdP again. Only {@link AuthResult.Accepted} is
 * kept; a refusal, a challenge or an undecided result is always asked afresh. The cache key is a
 * SHA-256 digest of the username, the password and the certificate chain: the password itself is
 * never stored. Anchor: SSHD {@code CachingPublicKeyAuthenticator}.
 *
 * <p>A cached acceptance outlives a revocation until it expires or {@link #invalidateAll()} is
 * called (wire it to a {@link org.p2sgate.auth.cert.RevocationListener}).
 */
public final class CachingAuthenticator implements Authenticator {
  private record Cached(AuthResult.Accepted result, Instant expires) {}

  private final Authenticator delegate;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Cached> cache;

  /**
   * @param ttl how long an acceptance is reused
   * @param maxEntries the least recently used entries are dropped beyond this many
   */
  public CachingAuthenticator(Authenticator delegate, Duration ttl, int maxEntries, Clock clock) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive: " + ttl);
    }
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
    }
    this.ttl = ttl;
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > maxEntries;
          }
        };
  }

  @Override
  public CompletionStage<AuthResult> authenticate(Credentials credentials, AuthContext context) {
    String key = key(credentials);
    Instant now = clock.instant();
    synchronized (cache) {
      Cached e = cache.get(key);
      if (e != null && now.isBefore(e.expires())) {
        return java.util.concurrent.CompletableFuture.completedFuture(e.result());
      }
      if (e != null) {
        cache.remove(key);
      }
    }
    return delegate
        .authenticate(credentials, context)
        .thenApply(
            result -> {
              if (result instanceof AuthResult.Accepted accepted) {
                synchronized (cache) {
                  cache.put(key, new Cached(accepted, clock.instant().plus(ttl)));
                }
              }
              return result;
            });
  }

  /** Forgets every cached acceptance. */
  public void invalidateAll() {
    synchronized (cache) {
      cache.clear();
    }
  }

  /** How many acceptances are held (expired ones included until they are next looked up). */
  public int size() {
    synchronized (cache) {
      return cache.size();
    }
  }

  private static String key(Credentials c) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      field(d, c.username().getBytes(StandardCharsets.UTF_8));
      field(d, c.password().getBytes(StandardCharsets.UTF_8));
      for (X509Certificate cert : c.certificateChain()) {
        field(d, cert.getEncoded());
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cache key: " + e.getClass().getSimpleName(), e);
    }
  }

  /** Length-prefixed, so that ("ab", "c") and ("a", "bc") differ. */
  private static void field(MessageDigest d, byte[] bytes) {
    d.update(
        new byte[] {
          (byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
          (byte) (bytes.length >>> 8), (byte) bytes.length
        });
    d.update(bytes);
  }

  @Override
  public String toString() {
    return "CachingAuthenticator[" + ttl + ", " + delegate + "]";
  }
}
