package org.p2sgate.core.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway PKI made with the openssl CLI (what operators' PKIs are made with): EC P-256 by
 * default, plus a second "foreign" CA whose client must be refused, and tls-crypt / tls-auth keys
 * from openvpn itself. {@link #ca(String, KeyType)} and {@link #leaf(String, String, String,
 * KeyType)} make RSA, ECDSA and Ed25519 credentials in the file formats operators meet.
 */
final class Pki {
  final Path dir;

  Pki(Path dir) {
    this.dir = dir;
  }

  static Pki create(Path dir, int clients) throws Exception {
    Files.createDirectories(dir);
    Pki pki = new Pki(dir);
    pki.ca("ca");
    pki.leaf("server", "ca", "serverAuth");
    for (int i = 1; i <= clients; i++) {
      pki.leaf(String.format("client%02d", i), "ca", "clientAuth");
    }
    pki.ca("foreign-ca");
    pki.leaf("foreign-client", "foreign-ca", "clientAuth");
    Sh.run("openvpn", "--genkey", "secret", dir.resolve("tc.key").toString());
    Sh.run("openvpn", "--genkey", "secret", dir.resolve("ta.key").toString());
    return pki;
  }

  Path file(String name) {
    return dir.resolve(name);
  }

  /** The SHA-256 thumbprint of certificate {@code name} ("AB:CD:..."), as openssl prints it. */
  String thumbprint(String name) {
    return Sh.run(
            "openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", file(name).toString())
        .replaceAll("(?s).*=", "")
        .strip();
  }

  /**
   * A key algorithm and the PEM form its private key file takes.
   *
   * @param newkey openssl's {@code -newkey} arguments
   * @param keyUsage the leaf's keyUsage (RSA leaves encipher keys, EC ones agree them)
   * @param traditional whether the key file is rewritten in its traditional form ({@code BEGIN RSA
   *     PRIVATE KEY} PKCS#1, {@code BEGIN EC PRIVATE KEY} SEC1) instead of PKCS#8
   */
  record KeyType(String label, List<String> newkey, String keyUsage, boolean traditional) {
    static KeyType rsa(int bits) {
      return new KeyType("rsa" + bits, List.of("rsa:" + bits), "keyEncipherment", false);
    }

    static KeyType ec(String curve) {
      return new KeyType(
          "ec-" + curve,
          List.of("ec", "-pkeyopt", "ec_paramgen_curve:" + curve),
          "keyAgreement",
          false);
    }

    static KeyType ed25519() {
      return new KeyType("ed25519", List.of("ed25519"), "", false);
    }

    KeyType traditionalFile() {
      return new KeyType(label + "-trad", newkey, keyUsage, true);
    }

    boolean isRsa() {
      return newkey.get(0).startsWith("rsa");
    }

    @Override
    public String toString() {
      return label;
    }
  }

  static final KeyType EC_P256 = KeyType.ec("prime256v1");

  private void ca(String name) {
    ca(name, EC_P256);
  }

  void ca(String name, KeyType key) {
    List<String> cmd = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey"));
    cmd.addAll(key.newkey());
    cmd.addAll(
        List.of(
            "-nodes",
            "-days",
            "2",
            "-keyout",
            file(name + ".key").toString(),
            "-out",
            file(name + ".crt").toString(),
            "-subj",
            "/CN=" + name,
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign"));
    Sh.run(cmd.toArray(String[]::new));
  }

  private void leaf(String name, String ca, String eku) throws Exception {
    leaf(name, ca, eku, EC_P256);
  }

  /** A leaf certificate {@code name} with EKU {@code eku}, signed by {@code ca}. */
  void leaf(String name, String ca, String eku, KeyType key) throws Exception {
    leaf(name, ca, eku, key, "/CN=" + name);
  }

  /**
   * As {@link #leaf(String, String, String, KeyType)}, with subject {@code subject} (openssl form).
   */
  void leaf(String name, String ca, String eku, KeyType key, String subject) throws Exception {
    List<String> req = new ArrayList<>(List.of("openssl", "req", "-newkey"));
    req.addAll(key.newkey());
    req.addAll(
        List.of(
            "-nodes",
            "-keyout",
            file(name + ".key").toString(),
            "-out",
            file(name + ".csr").toString(),
            "-subj",
            subject));
    Sh.run(req.toArray(String[]::new));
    if (key.traditional()) {
      // openssl 3 writes PKCS#8 unless told: rsa needs -traditional, ec writes SEC1 by itself
      String k = file(name + ".key").toString();
      if (key.isRsa()) {
        Sh.run("openssl", "rsa", "-in", k, "-traditional", "-out", k);
      } else {
        Sh.run("openssl", "ec", "-in", k, "-out", k);
      }
    }
    Path ext = file(name + ".ext");
    String usage = key.keyUsage().isEmpty() ? "" : "," + key.keyUsage();
    Files.writeString(
        ext,
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature"
            + usage
            + "\nextendedKeyUsage="
            + eku
            + "\n");
    Sh.run(
        "openssl",
        "x509",
        "-req",
        "-in",
        file(name + ".csr").toString(),
        "-CA",
        file(ca + ".crt").toString(),
        "-CAkey",
        file(ca + ".key").toString(),
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        ext.toString(),
        "-out",
        file(name + ".crt").toString());
  }
}
