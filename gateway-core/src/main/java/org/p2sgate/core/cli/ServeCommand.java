package org.p2sgate.core.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.p2sgate.core.config.ConfigException;
import org.p2sgate.core.config.OpenVpnConfigParser;
import org.p2sgate.core.config.ParsedConfig;
import org.p2sgate.core.config.ReplicaOrdinal;
import org.p2sgate.core.config.YamlConfigLoader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code p2sgate serve --config gateway.yaml | --openvpn-config server.conf}. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
    description = {
      "Run the gateway until SIGTERM or SIGINT.",
      "Give exactly one configuration: p2sgate's own YAML, or an existing OpenVPN 2.6"
          + " server.conf, which is used as is (unsupported directives are refused with their"
          + " line number)."
    })
final class ServeCommand implements Callable<Integer> {
  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "p2sgate configuration (gateway.yaml)")
    Path yaml;

    @Option(
        names = "--openvpn-config",
        paramLabel = "FILE",
        description = "OpenVPN server configuration (server.conf)")
    Path openvpn;
  }

  @Option(
      names = "--ordinal",
      paramLabel = "N",
      description = {
        "This replica's number, for 'pool: { slice: auto }' (default: the environment variable"
            + " P2SGATE_ORDINAL, else the host name's trailing -N, as a StatefulSet pod's)."
      })
  Integer ordinal;

  @Spec CommandSpec spec;

  private final GatewayStarter starter;

  ServeCommand(GatewayStarter starter) {
    this.starter = starter;
  }

  @Override
  public Integer call() {
    Path yaml = source.yaml;
    Path openvpn = source.openvpn;
    ReplicaOrdinal replica;
    try {
      replica = ReplicaOrdinal.resolve(ordinal, System.getenv(ReplicaOrdinal.ENV), HostName.read());
    } catch (ConfigException e) {
      return GatewayRunner.fail(spec.commandLine().getErr(), e.getMessage());
    }
    YamlConfigLoader loader = new YamlConfigLoader(Clock.systemUTC(), replica);
    org.p2sgate.core.config.ConfigSource from =
        () -> yaml != null ? loader.load(yaml) : new OpenVpnConfigParser().parse(openvpn);
    ParsedConfig parsed;
    try {
      parsed = from.load();
    } catch (ConfigException e) {
      return GatewayRunner.fail(spec.commandLine().getErr(), e.getMessage());
    }
    return new GatewayRunner(starter, spec.commandLine().getErr()).run(parsed, from);
  }
}
