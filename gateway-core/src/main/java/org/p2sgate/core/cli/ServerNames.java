package org.p2sgate.core.cli;

import java.util.ArrayList;
import java.util.List;
import org.p2sgate.core.pki.San;
import picocli.CommandLine.Option;

/** The gateway certificate's names, as {@code pki init} and {@code pki import-ca} take them. */
final class ServerNames {
  @Option(
      names = "--server-name",
      paramLabel = "CN",
      description = "the gateway certificate's CN (default: the first --san, else p2sgate-server)")
  String serverName;

  @Option(
      names = "--san",
      paramLabel = "NAME",
      description = "a DNS name or IP address of the gateway (repeatable)")
  List<String> sans = new ArrayList<>();

  /** The subject alternative names; throws IllegalArgumentException for a malformed one. */
  List<San> alternativeNames() {
    List<San> out = new ArrayList<>();
    for (String n : sans) {
      out.add(San.hostName(n));
    }
    return out;
  }

  /** The CN: as given, else the first name, else {@code p2sgate-server}. */
  String commonName(List<San> names) {
    return serverName != null
        ? serverName
        : names.isEmpty() ? "p2sgate-server" : names.get(0).value();
  }
}
