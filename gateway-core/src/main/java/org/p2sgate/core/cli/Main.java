package org.p2sgate.core.cli;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code p2sgate} command: {@code serve}, {@code demo}, {@code drain}, {@code pki}, {@code
 * profile} and {@code version}. Exit status: 0 after a clean stop, 2 for usage errors and for
 * configurations or environments the gateway cannot start with (one line {@code p2sgate: <message>}
 * on standard error), 1 for internal errors.
 */
@Command(
    name = "p2sgate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
    description = "A userspace, OpenVPN-compatible point-to-site VPN gateway.",
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    footer = {
      "",
      "Run 'p2sgate COMMAND --help' for the options of a command. To try it out:",
      "  sudo p2sgate demo"
    })
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    org.p2sgate.core.config.ServerConfig.LogFormat format =
        LogOutput.fromEnvironment(System.getenv(LogOutput.ENV));
    if (format != null) {
      LogOutput.apply(format);
    }
    int status = commandLine().execute(args);
    LogOutput.stop(); // the log lines still queued, before the JVM goes
    System.exit(status);
  }

  /** The command line with the real gateway behind {@code serve} and {@code demo}. */
  public static CommandLine commandLine() {
    return commandLine(GatewayStarter.SERVER);
  }

  static CommandLine commandLine(GatewayStarter starter) {
    CommandLine cl = new CommandLine(new Main());
    cl.addSubcommand(new ServeCommand(starter));
    cl.addSubcommand(new DemoCommand(starter));
    cl.addSubcommand(new DrainCommand());
    cl.addSubcommand(new PkiCommand());
    cl.addSubcommand(new ProfileCommand());
    cl.addSubcommand(new VersionCommand());
    cl.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          LoggerFactory.getLogger(Main.class).error("internal error", ex);
          cmd.getErr().println("p2sgate: internal error: " + ex);
          cmd.getErr().flush();
          return 1;
        });
    return cl;
  }
}
