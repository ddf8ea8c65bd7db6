package org.p2sgate.core.interop;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A throwaway EC PKI made with the openssl CLI (what operators' PKIs are made with), plus a second
 * "foreign" CA whose client must be refused, and tls-crypt / tls-auth keys from openvpn itself.
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

  private void ca(String name) {
    Sh.run(
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
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
        "keyUsage=critical,keyCertSign,cRLSign");
  }

  private void leaf(String name, String ca, String eku) throws Exception {
    Sh.run(
        "openssl",
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        file(name + ".key").toString(),
        "-out",
        file(name + ".csr").toString(),
        "-subj",
        "/CN=" + name);
    Path ext = file(name + ".ext");
    Files.writeString(
        ext,
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,"
            + "keyAgreement\nextendedKeyUsage="
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
