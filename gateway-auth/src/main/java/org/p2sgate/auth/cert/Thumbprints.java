package org.p2sgate.auth.cert;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Certificate thumbprints as operators write them: the SHA-1 (40 hex digits, what the cloud
 * gateway's revocation list takes) or SHA-256 (64 hex digits) of the DER encoding, in either case,
 * with optional colons or blanks between the digits ({@code AB:CD:...}, {@code ab cd ...}).
 */
public final class Thumbprints {
  private Thumbprints() {}

  /**
   * Normalises a written thumbprint to lower-case hex without separators.
   *
   * @return empty if it is not 40 or 64 hex digits once colons and blanks are removed
   */
  public static Optional<String> normalize(String written) {
    StringBuilder sb = new StringBuilder(written.length());
    for (int i = 0; i < written.length(); i++) {
      char c = written.charAt(i);
      if (c == ':' || Character.isWhitespace(c)) {
        continue;
      }
      if (!java.util.HexFormat.isHexDigit(c)) {
        return Optional.empty();
      }
      sb.append(Character.toLowerCase(c));
    }
    int n = sb.length();
    return n == 40 || n == 64 ? Optional.of(sb.toString()) : Optional.empty();
  }

  /** SHA-1 of the DER encoding, lower-case hex. */
  public static String sha1(X509Certificate cert) {
    return digest("SHA-1", cert);
  }

  /** SHA-256 of the DER encoding, lower-case hex. */
  public static String sha256(X509Certificate cert) {
    return digest("SHA-256", cert);
  }

  private static String digest(String algorithm, X509Certificate cert) {
    try {
      byte[] d = MessageDigest.getInstance(algorithm).digest(cert.getEncoded());
      return HexFormat.of().formatHex(d).toLowerCase(Locale.ROOT);
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException(algorithm + " thumbprint: " + e.getMessage(), e);
    }
  }
}
