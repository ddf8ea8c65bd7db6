package org.p2sgate.core.config;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.p2sgate.core.control.TlsCryptV2Metadata;
import org.p2sgate.core.control.TlsCryptV2ServerKey;

/**
 * tls-crypt-v2 as configured: the server key that opens every client's wrapped key, and the policy
 * that refuses a client key by its metadata before any TLS (decision 27).
 *
 * @param serverKey the tls-crypt-v2 server key
 * @param revoked revoked client keys, one entry each: {@code base64:B64} matches metadata whose
 *     user bytes are exactly B64 decoded (what was given to {@code openvpn --genkey
 *     tls-crypt-v2-client}); any other entry matches user metadata that is that text or holds it as
 *     one of its space-separated words (so {@code key=3f9a0c1d} revokes one key that {@code p2sgate
 *     pki} made, {@code user=alice} every key of alice)
 * @param maxAgeDays refuse keys whose timestamp metadata is older (OpenVPN's {@code
 *     tls-crypt-v2-max-age}); 0: no limit
 */
public record TlsCryptV2Config(
    TlsCryptV2ServerKey serverKey, List<String> revoked, int maxAgeDays) {

  public TlsCryptV2Config {
    Objects.requireNonNull(serverKey, "serverKey");
    revoked = List.copyOf(revoked);
    if (maxAgeDays < 0) {
      throw new IllegalArgumentException("max-age must be 0 or more days, got " + maxAgeDays);
    }
    for (String e : revoked) {
      checkEntry(e);
    }
  }

  /**
   * Checks a revocation entry's form.
   *
   * @throws IllegalArgumentException for an empty entry or one whose base64 does not decode
   */
  public static void checkEntry(String entry) {
    if (entry.isBlank() || !entry.strip().equals(entry)) {
      throw new IllegalArgumentException(
          "a revoked-key entry is one non-blank word or text, got '" + entry + "'");
    }
    if (entry.startsWith("base64:")) {
      try {
        Base64.getDecoder().decode(entry.substring(7));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + entry + "' is not base64 after 'base64:'");
      }
    }
  }

  /**
   * Why a client key with {@code metadata} is refused, or {@code null} if it is served.
   *
   * @param nowSeconds the time, in Unix seconds
   */
  public String refusal(TlsCryptV2Metadata metadata, long nowSeconds) {
    if (maxAgeDays > 0) {
      if (metadata == null || metadata.madeAt() == null) {
        return "the client key has no timestamp and tls-crypt-v2 max-age is set";
      }
      if (nowSeconds - metadata.madeAt().getEpochSecond() > maxAgeDays * 86_400L) {
        return "the client key is older than " + maxAgeDays + " days";
      }
    }
    if (metadata == null || metadata.type() != TlsCryptV2Metadata.USER || revoked.isEmpty()) {
      return null;
    }
    byte[] value = metadata.value();
    String text = new String(value, StandardCharsets.UTF_8);
    List<String> words = Arrays.asList(text.split(" "));
    for (String e : revoked) {
      boolean hit =
          e.startsWith("base64:")
              ? Arrays.equals(Base64.getDecoder().decode(e.substring(7)), value)
              : e.equals(text) || words.contains(e);
      if (hit) {
        return "the client key is revoked (" + e + ")";
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "TlsCryptV2Config[revoked=" + revoked.size() + ", maxAgeDays=" + maxAgeDays + "]";
  }
}
