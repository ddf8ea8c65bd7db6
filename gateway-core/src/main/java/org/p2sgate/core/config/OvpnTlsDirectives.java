package org.p2sgate.core.config;

import java.util.ArrayList;
import java.util.List;
import org.p2sgate.core.control.StaticKey;
import org.p2sgate.core.control.TlsCryptV2ServerKey;

/** Handlers for certificates, keys, control-channel wrapping and cipher negotiation. */
final class OvpnTlsDirectives {
  private OvpnTlsDirectives() {}

  static void ca(OvpnDirective d, OvpnContext c) throws ConfigException {
    c.draft.ca = new ConfigDraft.Pem(certificates(d, c), c.at(d));
  }

  static void cert(OvpnDirective d, OvpnContext c) throws ConfigException {
    c.draft.cert = new ConfigDraft.Pem(certificates(d, c), c.at(d));
  }

  static void key(OvpnDirective d, OvpnContext c) throws ConfigException {
    String text = c.content(d);
    try {
      c.draft.key = new ConfigDraft.Pem(PemMaterial.privateKey(text), c.at(d));
    } catch (ValueException e) {
      throw c.error(d, subject(d, c) + " " + e.getMessage());
    }
  }

  private static String certificates(OvpnDirective d, OvpnContext c) throws ConfigException {
    String text = c.content(d);
    try {
      return PemMaterial.certificates(text);
    } catch (ValueException e) {
      throw c.error(d, subject(d, c) + " " + e.getMessage());
    }
  }

  /** "inline <ca>" or "'ca' file /etc/openvpn/ca.crt", for messages. */
  private static String subject(OvpnDirective d, OvpnContext c) {
    return d.isInline()
        ? "inline <" + d.name() + ">"
        : "'" + d.name() + "' file " + ConfigFiles.resolve(c.baseDir, d.arg(0));
  }

  /** {@code crl-verify FILE}: a CRL re-read when it changes ({@code dir} mode is refused). */
  static void crlVerify(OvpnDirective d, OvpnContext c) throws ConfigException {
    if (d.args().size() > 1) {
      throw c.error(d, "crl-verify '" + d.arg(1) + "' mode is not supported; give a CRL file");
    }
    java.nio.file.Path file = ConfigFiles.resolve(c.baseDir, d.arg(0));
    if (!java.nio.file.Files.isReadable(file)) {
      throw c.error(d, "cannot read CRL file " + file);
    }
    c.draft.crlFiles.add(file);
  }

  static void dh(OvpnDirective d, OvpnContext c) {
    if (!d.isInline() && d.arg(0).equals("none")) {
      return;
    }
    c.warn(
        d,
        "'dh' ignored: p2sgate only offers ECDHE key exchange, so DH parameters are never used;"
            + " write 'dh none' to silence this");
  }

  static void tlsCrypt(OvpnDirective d, OvpnContext c) throws ConfigException {
    c.draft.wrapKey = staticKey(d, c);
    c.draft.wrapMode = TlsWrapConfig.Mode.TLS_CRYPT;
    c.tlsCryptLine = d.line();
  }

  /**
   * {@code tls-crypt-v2 server.key [force-cookie]}: p2sgate always keeps no state for a client
   * until it resends its wrapped key with the cookie (2.6+ clients do), so {@code allow-noncookie}
   * is refused.
   */
  static void tlsCryptV2(OvpnDirective d, OvpnContext c) throws ConfigException {
    if (d.args().size() > 1 && !d.arg(1).equals("force-cookie")) {
      throw c.error(
          d,
          d.arg(1).equals("allow-noncookie")
              ? "'allow-noncookie' is not supported: p2sgate keeps no state for a client before it"
                  + " returns the cookie with its wrapped key (OpenVPN 2.6+ clients do); remove it"
              : "unsupported tls-crypt-v2 argument '" + d.arg(1) + "' (only force-cookie)");
    }
    try {
      c.draft.tlsCryptV2Key = TlsCryptV2ServerKey.parse(c.content(d));
    } catch (IllegalArgumentException e) {
      throw c.error(d, subject(d, c) + ": " + e.getMessage());
    }
  }

  /** {@code tls-crypt-v2-max-age DAYS}: refuse client keys made longer ago. */
  static void tlsCryptV2MaxAge(OvpnDirective d, OvpnContext c) throws ConfigException {
    c.draft.tlsCryptV2MaxAgeDays = c.intArg(d, 0, 1, 36_500);
  }

  static void tlsAuth(OvpnDirective d, OvpnContext c) throws ConfigException {
    c.draft.wrapKey = staticKey(d, c);
    c.draft.wrapMode = TlsWrapConfig.Mode.TLS_AUTH;
    if (d.args().size() == 2) {
      c.draft.keyDirection = direction(d, c, 1);
    }
    c.tlsAuthLine = d.line();
  }

  static void keyDirection(OvpnDirective d, OvpnContext c) throws ConfigException {
    c.draft.keyDirection = direction(d, c, 0);
    c.keyDirectionLine = d.line();
  }

  private static int direction(OvpnDirective d, OvpnContext c, int i) throws ConfigException {
    return switch (d.arg(i)) {
      case "0" -> 0;
      case "1" -> 1;
      default -> throw c.error(d, "key direction must be 0 or 1, got '" + d.arg(i) + "'");
    };
  }

  private static StaticKey staticKey(OvpnDirective d, OvpnContext c) throws ConfigException {
    String text = c.content(d);
    try {
      return StaticKey.parse(text);
    } catch (IllegalArgumentException e) {
      throw c.error(d, subject(d, c) + ": " + e.getMessage());
    }
  }

  static void auth(OvpnDirective d, OvpnContext c) throws ConfigException {
    try {
      c.draft.authDigest = CryptoNames.digest(d.arg(0));
    } catch (ValueException e) {
      throw c.error(d, e.getMessage());
    }
  }

  static void dataCiphers(OvpnDirective d, OvpnContext c) throws ConfigException {
    if (d.name().equals("ncp-ciphers")) {
      c.warn(d, "'ncp-ciphers' is the old name of 'data-ciphers'; rename it");
    }
    try {
      c.draft.dataCiphers = CryptoNames.cipherList(List.of(d.arg(0)), w -> c.warn(d, w));
    } catch (ValueException e) {
      throw c.error(d, e.getMessage());
    }
    c.dataCiphersLine = d.line();
  }

  static void dataCiphersFallback(OvpnDirective d, OvpnContext c) throws ConfigException {
    try {
      c.draft.dataCiphersFallback = CryptoNames.cipher(d.arg(0));
    } catch (ValueException e) {
      throw c.error(d, e.getMessage());
    }
  }

  static void cipher(OvpnDirective d, OvpnContext c) throws ConfigException {
    try {
      c.cipher = CryptoNames.cipher(d.arg(0));
    } catch (ValueException e) {
      throw c.error(d, e.getMessage());
    }
    c.cipherLine = d.line();
  }

  /**
   * Applies the deprecated {@code cipher} once the whole file is known: it becomes the fallback for
   * clients that cannot negotiate unless {@code data-ciphers-fallback} is given, and joins the
   * default {@code data-ciphers} (an explicit list is left as written, as OpenVPN 2.6 does).
   */
  static void applyCipher(OvpnContext c) {
    String x = c.cipher;
    Where at = c.at(c.cipherLine);
    if (!c.draft.dataCiphers.contains(x)) {
      if (c.dataCiphersLine == 0) {
        List<String> extended = new ArrayList<>(c.draft.dataCiphers);
        extended.add(x);
        c.draft.dataCiphers = List.copyOf(extended);
      } else {
        c.warnings.add(
            at.note(
                "'cipher "
                    + x
                    + "' is not in data-ciphers (line "
                    + c.dataCiphersLine
                    + "), so it is never negotiated"));
      }
    }
    if (c.draft.dataCiphersFallback == null) {
      c.draft.dataCiphersFallback = x;
    }
    c.warnings.add(
        at.note(
            "'cipher' is deprecated: "
                + c.draft.dataCiphersFallback
                + " is used as data-ciphers-fallback for clients that cannot negotiate; use"
                + " 'data-ciphers' and 'data-ciphers-fallback' instead"));
  }

  static void tlsVersionMin(OvpnDirective d, OvpnContext c) throws ConfigException {
    if (d.args().size() == 2 && !d.arg(1).equals("or-highest")) {
      throw c.error(d, "unknown 'tls-version-min' flag '" + d.arg(1) + "' (only 'or-highest')");
    }
    try {
      c.draft.tlsVersionMin = CryptoNames.tlsVersion(d.arg(0));
    } catch (ValueException e) {
      throw c.error(d, e.getMessage());
    }
  }
}
