package org.p2sgate.core.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.p2sgate.core.config.ConfigException;
import org.p2sgate.core.config.OpenVpnConfigParser;
import org.p2sgate.core.config.Remote;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.config.YamlConfigLoader;
import org.p2sgate.core.pki.PkiException;
import org.p2sgate.core.pki.ProfileFiles;
import org.p2sgate.core.pki.Profiles;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code p2sgate profile USER --config gateway.yaml [--format ovpn|azure] [--remote H:P:PROTO]...}:
 * writes the user's client profile (mode 0600: it holds keys), never to standard output.
 */
@Command(
    name = "profile",
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
    description = {
      "Write USER's client profile, from the gateway's configuration and the PKI: an inline .ovpn,"
          + " or the cloud gateway's zip layout (--format azure)."
    })
final class ProfileCommand implements Callable<Integer> {
  @Parameters(paramLabel = "USER")
  String user;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--config", paramLabel = "FILE", description = "p2sgate configuration")
    Path yaml;

    @Option(names = "--openvpn-config", paramLabel = "FILE", description = "OpenVPN server.conf")
    Path openvpn;
  }

  @Option(names = "--format", paramLabel = "ovpn|azure", defaultValue = "ovpn")
  String format;

  @Option(
      names = "--remote",
      paramLabel = "HOST[:PORT[:PROTO]]",
      description = "where clients connect, in order (repeatable; default: profiles.remotes)")
  List<String> remotes = new ArrayList<>();

  @Option(
      names = "--policy",
      paramLabel = "POLICY",
      description = "which configured auth policy, e.g. radius (default: the first)")
  String policy;

  @Option(
      names = "--pki",
      paramLabel = "DIR",
      description = "the PKI folder (default: profiles.pki, else pki/ next to the configuration)")
  Path pki;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description =
          "where to write it (default: clients/USER.ovpn or clients/USER-azure.zip"
              + " next to the configuration)")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Path configFile = source.yaml != null ? source.yaml : source.openvpn;
    Path base = configFile.toAbsolutePath().getParent();
    try {
      ServerConfig config =
          (source.yaml != null
                  ? new YamlConfigLoader().load(source.yaml)
                  : new OpenVpnConfigParser().parse(source.openvpn))
              .config();
      List<Remote> given = new ArrayList<>();
      for (String r : remotes) {
        given.add(Remote.parse(r));
      }
      Path pkiDir =
          pki != null
              ? pki
              : config.profiles() != null ? config.profiles().pkiDir() : base.resolve("pki");
      Profiles.Export export =
          Profiles.make(
              config,
              pkiDir,
              new Profiles.Request(user, Profiles.Format.parse(format), given, policy),
              Clock.systemUTC());
      Path file = out != null ? out : base.resolve("clients").resolve(export.fileName());
      ProfileFiles.write(file, export.body());
      spec.commandLine().getOut().println("profile for " + user + ": " + file + " (mode 0600)");
      spec.commandLine().getOut().flush();
      return 0;
    } catch (ConfigException | PkiException | IOException | IllegalArgumentException e) {
      return GatewayRunner.fail(spec.commandLine().getErr(), e.getMessage());
    }
  }
}
