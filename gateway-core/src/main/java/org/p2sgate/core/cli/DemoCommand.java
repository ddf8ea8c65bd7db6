package org.p2sgate.core.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.p2sgate.core.config.ConfigException;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.pki.DemoSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code p2sgate demo}: a working gateway and client profile in one command. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
    description = {
      "Try p2sgate: on first start, create a demo PKI, gateway.yaml and a client profile"
          + " (demo.ovpn) in the data directory; reuse them afterwards. Then serve (UDP 1194"
          + " unless gateway.yaml says otherwise)."
    })
final class DemoCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "${env:P2SGATE_DATA_DIR:-p2sgate-data}",
      description =
          "where the PKI, gateway.yaml and demo.ovpn live (default: ${DEFAULT-VALUE};"
              + " environment: P2SGATE_DATA_DIR)")
  Path dataDir;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      defaultValue = "${env:P2SGATE_STATE_DIR}",
      description =
          "keep the address pool in DIR (state-dir: in a new gateway.yaml) instead of the data"
              + " directory (environment: P2SGATE_STATE_DIR; the container image sets"
              + " /var/lib/p2sgate)")
  Path stateDir;

  @Option(
      names = "--public-address",
      paramLabel = "HOST",
      description =
          "host name or address clients connect to (default: the first non-loopback IPv4"
              + " address of this host)")
  String publicAddress;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "UDP port written into a new gateway.yaml (default: 1194)")
  Integer port;

  @Spec CommandSpec spec;

  private final GatewayStarter starter;

  DemoCommand(GatewayStarter starter) {
    this.starter = starter;
  }

  @Override
  public Integer call() {
    if (port != null && (port < 1 || port > 65535)) {
      throw new ParameterException(spec.commandLine(), "--port must be 1..65535, got " + port);
    }
    PrintWriter err = spec.commandLine().getErr();
    DemoSetup.Result result;
    try {
      result = prepare();
    } catch (ConfigException e) {
      return GatewayRunner.fail(err, e.getMessage());
    } catch (IOException e) {
      return GatewayRunner.fail(
          err, "cannot prepare the demo in " + dataDir + ": " + e.getMessage());
    }
    printHowTo(spec.commandLine().getOut(), result);
    Path yaml = dataDir.resolve(DemoSetup.GATEWAY_YAML);
    return new GatewayRunner(starter, err)
        .run(result.config(), () -> new org.p2sgate.core.config.YamlConfigLoader().load(yaml));
  }

  /** Creates (or reuses) the demo files; the step before serving. */
  DemoSetup.Result prepare() throws IOException, ConfigException {
    String host = publicAddress;
    if (host == null) {
      host = HostAddresses.firstNonLoopbackIpv4().orElse(null);
      if (host == null) {
        host = "127.0.0.1";
        log.warn(
            "this host has no non-loopback IPv4 address: the profile points at 127.0.0.1;"
                + " use --public-address HOST so that other machines can connect");
      }
    }
    if (!host.matches("[A-Za-z0-9.:-]{1,253}") || host.startsWith("-")) {
      throw new ParameterException(
          spec.commandLine(),
          "--public-address must be a host name or IP address, got '" + host + "'");
    }
    DemoSetup.Result result = DemoSetup.prepare(dataDir, host, port, stateDir);
    result.notes().forEach(log::warn);
    log.info(
        "demo {} in {}",
        result.pkiCreated() ? "PKI created" : "PKI reused",
        dataDir.toAbsolutePath().normalize());
    return result;
  }

  static void printHowTo(PrintWriter out, DemoSetup.Result r) {
    ServerConfig c = r.config().config();
    byte[] gw = c.poolNetwork().getAddress();
    gw[3]++; // the gateway takes the first host address of the pool
    out.println("Client profile: " + r.profile().toAbsolutePath().normalize());
    out.println("  1. Copy it to the client machine (it holds the client's key: keep it private).");
    out.println("  2. On the client run: sudo openvpn --config " + r.profile().getFileName());
    out.printf(
        "  3. The client gets an address in %s/%d; the gateway is %d.%d.%d.%d.%n",
        c.poolNetwork().getHostAddress(),
        c.poolPrefix(),
        gw[0] & 0xff,
        gw[1] & 0xff,
        gw[2] & 0xff,
        gw[3] & 0xff);
    out.flush();
  }
}
