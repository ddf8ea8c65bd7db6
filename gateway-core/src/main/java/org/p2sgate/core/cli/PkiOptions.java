package org.p2sgate.core.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the PKI is: the options every {@code pki} command takes. */
final class PkiOptions {
  @Option(
      names = "--pki",
      paramLabel = "DIR",
      defaultValue = "pki",
      description = "the PKI folder (default: ${DEFAULT-VALUE}, next to gateway.yaml)")
  Path dir;

  @Option(
      names = "--ca-key",
      paramLabel = "FILE",
      description = "the CA's private key, when it is kept outside the PKI folder")
  Path caKey;
}
