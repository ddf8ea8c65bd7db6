package org.p2sgate.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** Allow-lists for the algorithm names a configuration may use, spelled as OpenVPN spells them. */
final class CryptoNames {
  /** The data-channel ciphers p2sgate implements, in OpenVPN 2.6's default preference order. */
  static final List<String> AEAD_CIPHERS =
      List.of("AES-256-GCM", "AES-128-GCM", "CHACHA20-POLY1305");

  /** OpenVPN 2.6's default {@code data-ciphers} (with ChaCha20-Poly1305 available). */
  static final List<String> DEFAULT_DATA_CIPHERS = AEAD_CIPHERS;

  /** tls-auth HMAC digests accepted for {@code auth}. */
  static final List<String> DIGESTS = List.of("SHA1", "SHA256", "SHA512");

  static final String DEFAULT_DIGEST = "SHA1";

  private CryptoNames() {}

  /** The canonical spelling of a supported data cipher (case-insensitive). */
  static String cipher(String name) throws ValueException {
    String upper = name.toUpperCase(Locale.ROOT);
    if (AEAD_CIPHERS.contains(upper)) {
      return upper;
    }
    throw new ValueException(
        "unsupported cipher '"
            + name
            + "': p2sgate only supports the AEAD ciphers "
            + String.join(", ", AEAD_CIPHERS));
  }

  /**
   * Parses a {@code data-ciphers} list: names separated by ':' (or given one by one). A name
   * prefixed with '?' is optional, as in OpenVPN 2.6: when p2sgate does not support it, it is
   * dropped with a warning instead of failing.
   */
  static List<String> cipherList(List<String> names, Consumer<String> warn) throws ValueException {
    List<String> out = new ArrayList<>();
    for (String item : names) {
      for (String raw : item.split(":", -1)) {
        String name = raw.strip();
        boolean optional = name.startsWith("?");
        if (optional) {
          name = name.substring(1);
        }
        if (name.isEmpty()) {
          throw new ValueException("empty cipher name in data-ciphers");
        }
        String canonical;
        try {
          canonical = cipher(name);
        } catch (ValueException e) {
          if (!optional) {
            throw e;
          }
          warn.accept("optional cipher '" + name + "' is not supported by p2sgate and is skipped");
          continue;
        }
        if (!out.contains(canonical)) {
          out.add(canonical);
        }
      }
    }
    if (out.isEmpty()) {
      throw new ValueException("data-ciphers names no supported cipher");
    }
    return out;
  }

  /** The canonical spelling of a supported tls-auth digest (case-insensitive). */
  static String digest(String name) throws ValueException {
    String upper = name.toUpperCase(Locale.ROOT);
    if (DIGESTS.contains(upper)) {
      return upper;
    }
    throw new ValueException(
        "unsupported auth digest '" + name + "': use one of " + String.join(", ", DIGESTS));
  }

  /** "1.2" or "1.3". */
  static String tlsVersion(String version) throws ValueException {
    if (version.equals("1.2") || version.equals("1.3")) {
      return version;
    }
    throw new ValueException(
        "tls-version-min must be 1.2 or 1.3, got '"
            + version
            + "' (older TLS versions are not supported)");
  }
}
