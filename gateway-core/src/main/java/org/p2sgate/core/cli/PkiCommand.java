package org.p2sgate.core.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.p2sgate.core.pki.CertIndex;
import org.p2sgate.core.pki.KeySpec;
import org.p2sgate.core.pki.PkiException;
import org.p2sgate.core.pki.PkiFolder;
import org.p2sgate.core.pki.San;
import org.p2sgate.core.pki.TlsCryptV2Keys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code p2sgate pki init | issue USER | revoke USER|SERIAL | list | crl | import-ca CERT}: the
 * operator's CA and the users' certificates. Keys are written 0600 and never printed; failures are
 * one line and exit status 2.
 */
@Command(
    name = "pki",
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
    description = "Run the PKI: a CA, the gateway's certificate, users' certificates, revocation.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      PkiCommand.Init.class,
      PkiCommand.Issue.class,
      PkiCommand.Revoke.class,
      PkiCommand.ListCerts.class,
      PkiCommand.Crl.class,
      PkiCommand.ImportCa.class,
      PkiCommand.TlsCryptV2Server.class,
      PkiCommand.TlsCryptV2Client.class
    })
final class PkiCommand implements Runnable {
  @Spec CommandSpec self;

  /** {@code p2sgate pki} alone: a usage error naming the commands. */
  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        self.commandLine(),
        "missing COMMAND: init, issue, revoke, list, crl, import-ca, tls-crypt-v2-server or"
            + " tls-crypt-v2-client");
  }

  /** The body of a pki command, which may fail for the operator to fix. */
  interface Action {
    void run(PkiFolder pki, PrintWriter out) throws IOException, PkiException;
  }

  /** Runs {@code action}, turning operator errors into one line and exit status 2. */
  static int run(CommandSpec spec, PkiOptions where, Action action) {
    PrintWriter out = spec.commandLine().getOut();
    try {
      action.run(new PkiFolder(where.dir, where.caKey), out);
      out.flush();
      return 0;
    } catch (PkiException | IOException | IllegalArgumentException e) {
      return GatewayRunner.fail(spec.commandLine().getErr(), e.getMessage());
    }
  }

  static Duration days(int n) {
    if (n < 1 || n > 36500) {
      throw new IllegalArgumentException("days must be 1..36500, got " + n);
    }
    return Duration.ofDays(n);
  }

  static KeySpec key(Integer rsa) {
    return rsa == null ? KeySpec.EC_P256 : KeySpec.rsa(rsa);
  }

  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description = "Create a CA, the gateway's certificate, a tls-crypt key and an empty CRL.")
  static final class Init implements Callable<Integer> {
    @Mixin PkiOptions where;
    @Spec CommandSpec spec;

    @Option(names = "--ca-name", paramLabel = "CN", defaultValue = "p2sgate CA")
    String caName;

    @Mixin ServerNames server;

    @Option(
        names = "--rsa",
        paramLabel = "BITS",
        description = "RSA 2048|3072|4096 (default: ECDSA P-256)")
    Integer rsa;

    @Option(names = "--ca-days", defaultValue = "3650")
    int caDays;

    @Option(
        names = "--days",
        defaultValue = "730",
        description = "the gateway certificate's validity")
    int days;

    @Override
    public Integer call() {
      return run(
          spec,
          where,
          (pki, out) -> {
            List<San> names = server.alternativeNames();
            String cn = server.commonName(names);
            pki.init(
                new PkiFolder.InitOptions(caName, cn, names, key(rsa), days(caDays), days(days)));
            out.println(
                "PKI created in " + pki.dir() + " (" + key(rsa) + "); the gateway is CN=" + cn);
            printYaml(out, pki);
          });
    }
  }

  static void printYaml(PrintWriter out, PkiFolder pki) {
    String d = pki.dir().toString();
    out.println("In gateway.yaml:");
    out.printf("  tls: { ca: %s/ca.crt, cert: %s/server.crt, key: %s/server.key }%n", d, d, d);
    out.printf("  tls-crypt: %s/tc.key%n", d);
    out.printf(
        "  revocation: { thumbprints: [ %s/%s ], crl: [ %s/%s ] }%n",
        d, PkiFolder.REVOKED, d, PkiFolder.CRL);
  }

  @Command(
      name = "issue",
      mixinStandardHelpOptions = true,
      description = "Issue USER a client certificate.")
  static final class Issue implements Callable<Integer> {
    @Mixin PkiOptions where;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "USER", description = "the certificate's CN")
    String user;

    @Option(names = "--upn", paramLabel = "UPN", description = "a UPN subjectAltName (user@domain)")
    String upn;

    @Option(names = "--email", paramLabel = "ADDRESS", description = "an e-mail subjectAltName")
    String email;

    @Option(names = "--days", defaultValue = "730")
    int days;

    @Option(
        names = "--rsa",
        paramLabel = "BITS",
        description = "RSA 2048|3072|4096 (default: as the CA)")
    Integer rsa;

    @Override
    public Integer call() {
      return run(
          spec,
          where,
          (pki, out) -> {
            List<San> names = new ArrayList<>();
            if (upn != null) {
              names.add(new San(San.Type.UPN, upn));
            }
            if (email != null) {
              names.add(new San(San.Type.EMAIL, email));
            }
            CertIndex.Entry e =
                pki.issue(
                    new PkiFolder.IssueOptions(
                        user, names, days(days), rsa == null ? null : KeySpec.rsa(rsa)));
            out.println(
                "issued "
                    + e.commonName()
                    + ": serial "
                    + e.serial()
                    + ", valid until "
                    + e.notAfter()
                    + (e.sans().isEmpty() ? "" : ", " + String.join(", ", e.sans())));
            out.println(
                "  "
                    + pki.dir().resolve("clients").resolve(user + ".crt")
                    + " (key: "
                    + user
                    + ".key, mode 0600); the profile: p2sgate profile "
                    + user);
          });
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = {
        "Revoke USER's valid certificates, or one by SERIAL: the thumbprint goes to revoked.txt"
            + " and the CRL is re-signed; a running gateway ends the user's sessions within 5 s."
      })
  static final class Revoke implements Callable<Integer> {
    @Mixin PkiOptions where;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "USER|SERIAL")
    String target;

    @Override
    public Integer call() {
      return run(
          spec,
          where,
          (pki, out) -> {
            PkiFolder.Revoked r = pki.revoke(target);
            for (CertIndex.Entry e : r.certificates()) {
              out.println("revoked " + e.commonName() + " (serial " + e.serial() + ")");
            }
            out.println(
                r.crlSigned()
                    ? "revoked.txt and ca.crl updated"
                    : "revoked.txt updated; ca.crl NOT re-signed (no CA key: run pki crl --ca-key FILE)");
          });
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the certificates issued.")
  static final class ListCerts implements Callable<Integer> {
    @Mixin PkiOptions where;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return run(
          spec,
          where,
          (pki, out) -> {
            java.time.Instant now = java.time.Instant.now();
            out.printf(
                "%-34s %-8s %-7s %-20s %s%n",
                "SERIAL", "ROLE", "STATUS", "NOT AFTER", "CN / NAMES");
            for (CertIndex.Entry e : pki.index().certificates()) {
              out.printf(
                  "%-34s %-8s %-7s %-20s %s%s%n",
                  e.serial(),
                  e.role(),
                  e.status(now).name().toLowerCase(java.util.Locale.ROOT),
                  e.notAfter().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                  e.commonName(),
                  e.sans().isEmpty() ? "" : " " + String.join(" ", e.sans()));
            }
          });
    }
  }

  @Command(
      name = "crl",
      mixinStandardHelpOptions = true,
      description = "Re-sign the CRL (run it before nextUpdate, e.g. weekly).")
  static final class Crl implements Callable<Integer> {
    @Mixin PkiOptions where;
    @Spec CommandSpec spec;

    @Option(
        names = "--days",
        defaultValue = "30",
        description = "until nextUpdate (default: ${DEFAULT-VALUE})")
    int days;

    @Override
    public Integer call() {
      return run(
          spec,
          where,
          (pki, out) -> out.println("ca.crl re-signed; next update " + pki.resignCrl(days(days))));
    }
  }

  @Command(
      name = "import-ca",
      mixinStandardHelpOptions = true,
      description = {
        "Take an existing CA (bring your own root). With --key this PKI issues from it; without,"
            + " the CA is only trusted and certificates are issued elsewhere."
      })
  static final class ImportCa implements Callable<Integer> {
    @Mixin PkiOptions where;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "CERT", description = "the CA certificate (PEM)")
    java.nio.file.Path cert;

    @Option(
        names = "--key",
        paramLabel = "FILE",
        description = "the CA's private key (PEM, unencrypted)")
    java.nio.file.Path key;

    @Mixin ServerNames server;

    @Option(names = "--days", defaultValue = "730")
    int days;

    @Override
    public Integer call() {
      return run(
          spec,
          where,
          (pki, out) -> {
            List<San> names = server.alternativeNames();
            String cn = server.commonName(names);
            pki.importCa(cert, key, cn, names, days(days));
            if (key != null) {
              out.println(
                  "CA imported into " + pki.dir() + " with its key; the gateway is CN=" + cn);
              printYaml(out, pki);
            } else {
              out.println(
                  "CA imported into " + pki.dir() + " without its key: it is trusted only.");
              out.println(
                  "  Put the gateway's certificate and key from that CA at "
                      + pki.dir().resolve("server.crt")
                      + " and server.key, and use that CA's CRL for revocation.");
            }
          });
    }
  }

  @Command(
      name = "tls-crypt-v2-server",
      mixinStandardHelpOptions = true,
      description =
          "Create the tls-crypt-v2 server key (tc2-server.key, as openvpn --genkey"
              + " tls-crypt-v2-server makes it); profiles then carry a tls-crypt-v2 key per client.")
  static final class TlsCryptV2Server implements Callable<Integer> {
    @Mixin PkiOptions where;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return run(
          spec,
          where,
          (pki, out) -> {
            java.nio.file.Path file = pki.dir().resolve(TlsCryptV2Keys.SERVER_KEY);
            TlsCryptV2Keys.createServerKey(file, new java.security.SecureRandom());
            out.println("tls-crypt-v2 server key written to " + file + " (mode 0600)");
            out.println("In gateway.yaml:");
            out.printf(
                "  tls-crypt-v2: { server-key: %s, revoked: %s }%n",
                file, pki.dir().resolve(TlsCryptV2Keys.REVOKED));
          });
    }
  }

  @Command(
      name = "tls-crypt-v2-client",
      mixinStandardHelpOptions = true,
      description =
          "Make USER a tls-crypt-v2 client key (as openvpn --genkey tls-crypt-v2-client, with the"
              + " user metadata 'user=USER key=ID'); p2sgate profile puts a fresh one in each"
              + " profile by itself.")
  static final class TlsCryptV2Client implements Callable<Integer> {
    @Mixin PkiOptions where;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "USER", description = "whom the key is for")
    String user;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "where to write it (default: PKI_DIR/clients/USER-tc2.key)")
    java.nio.file.Path file;

    @Override
    public Integer call() {
      return run(
          spec,
          where,
          (pki, out) -> {
            var serverKey =
                TlsCryptV2Keys.readServerKey(pki.dir().resolve(TlsCryptV2Keys.SERVER_KEY));
            TlsCryptV2Keys.Issued k =
                TlsCryptV2Keys.issue(serverKey, user, new java.security.SecureRandom());
            java.nio.file.Path to =
                file != null ? file : pki.dir().resolve("clients").resolve(user + "-tc2.key");
            java.nio.file.Files.createDirectories(to.toAbsolutePath().getParent());
            TlsCryptV2Keys.writeClientKey(to, k);
            out.println("tls-crypt-v2 client key for " + user + " written to " + to);
            out.println("  metadata: " + k.metadata());
            out.println("  to revoke it: add 'key=" + k.keyId() + "' to tls-crypt-v2.revoked");
          });
    }
  }
}
