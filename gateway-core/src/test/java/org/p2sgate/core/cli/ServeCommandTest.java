package org.p2sgate.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.pki.DemoSetup;
import org.p2sgate.core.server.StartupException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

class ServeCommandTest {
  @TempDir Path dir;
  Path yaml;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  final Logger runnerLog = (Logger) LoggerFactory.getLogger(GatewayRunner.class);

  @BeforeEach
  void setUp() throws Exception {
    yaml = DemoSetup.prepare(dir, "127.0.0.1", null).gatewayYaml();
    logs.start();
    runnerLog.addAppender(logs);
  }

  @AfterEach
  void tearDown() {
    runnerLog.detachAppender(logs);
    LogLevels.applyVerbosity(3);
  }

  int run(GatewayStarter starter, String... args) {
    CommandLine cl = Main.commandLine(starter);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  /** A gateway that stops as soon as it is awaited. */
  static final class Recorder implements GatewayStarter {
    final List<ServerConfig> started = new ArrayList<>();
    final AtomicInteger closed = new AtomicInteger();
    org.p2sgate.core.config.ConfigSource source;

    @Override
    public RunningGateway start(ServerConfig config) {
      started.add(config);
      return new RunningGateway() {
        @Override
        public void awaitShutdown() {}

        @Override
        public void reloadFrom(org.p2sgate.core.config.ConfigSource from) {
          source = from;
        }

        @Override
        public void close() {
          closed.incrementAndGet();
        }
      };
    }
  }

  @Test
  void servesTheYamlConfigurationUntilTheGatewayStops() {
    Recorder gateway = new Recorder();
    assertEquals(0, run(gateway, "serve", "--config", yaml.toString()));
    assertEquals(1, gateway.started.size());
    assertEquals(1194, gateway.started.get(0).port());
    assertEquals("", err.toString());
  }

  /** The running gateway is given its source before any SIGHUP, so the API can reload too. */
  @Test
  void theGatewayCanReadItsFileAgainFromTheStart() throws Exception {
    Recorder gateway = new Recorder();
    assertEquals(0, run(gateway, "serve", "--config", yaml.toString()));
    Files.writeString(yaml, Files.readString(yaml).replace("port: 1194", "port: 1195"));
    assertEquals(1195, gateway.source.load().config().port(), "read again, as it is now");
  }

  /** {@code --ordinal} picks this replica's slice of the pool, at start and on every reload. */
  @Test
  void theOrdinalFlagPicksThePoolSlice() throws Exception {
    String text = Files.readString(yaml);
    Files.writeString(
        yaml, text.replaceFirst("(?m)^pool: .*$", "pool: { net: 10.8.0.0/16, slice: auto }"));
    Recorder gateway = new Recorder();
    assertEquals(0, run(gateway, "serve", "--ordinal", "3", "--config", yaml.toString()));
    assertEquals("10.8.3.0", gateway.started.get(0).poolNetwork().getHostAddress());
    assertEquals(24, gateway.started.get(0).poolPrefix());
    assertEquals(
        "10.8.3.0", gateway.source.load().config().poolNetwork().getHostAddress(), "on reload");
  }

  @Test
  void aStartupFailureIsOneLineAndExitTwo() {
    GatewayStarter failing =
        config -> {
          throw new StartupException(
              "cannot create TUN device p2s0: permission denied (needs CAP_NET_ADMIN)");
        };
    assertEquals(2, run(failing, "serve", "--config", yaml.toString()));
    assertEquals(
        "p2sgate: cannot create TUN device p2s0: permission denied (needs CAP_NET_ADMIN)"
            + System.lineSeparator(),
        err.toString());
  }

  @Test
  void warningsAreLoggedBeforeStartingAndVerbSetsTheLevel() throws Exception {
    Path conf = dir.resolve("server.conf");
    Files.writeString(
        conf,
        """
        dev tun
        topology subnet
        server 10.8.0.0 255.255.255.0
        ca pki/ca.crt
        cert pki/server.crt
        key pki/server.key
        persist-key
        user nobody
        verb 5
        """);
    Recorder gateway = new Recorder();
    assertEquals(0, run(gateway, "serve", "--openvpn-config", conf.toString()));
    List<ILoggingEvent> warnings =
        logs.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    assertEquals(2, warnings.size(), warnings.toString());
    assertTrue(
        warnings.get(0).getFormattedMessage().startsWith(conf + ":7: 'persist-key' ignored"));
    assertTrue(warnings.get(1).getFormattedMessage().contains("does NOT drop privileges"));
    assertEquals(Level.DEBUG, ((Logger) LoggerFactory.getLogger("org.p2sgate")).getLevel());
    assertTrue(
        logs.list.stream().noneMatch(e -> e.getFormattedMessage().contains("PRIVATE KEY")),
        "keys never reach the log");
  }

  @Test
  void verbosityMapsToLevels() {
    assertEquals(Level.WARN, LogLevels.forVerbosity(0));
    assertEquals(Level.INFO, LogLevels.forVerbosity(3));
    assertEquals(Level.DEBUG, LogLevels.forVerbosity(4));
    assertEquals(Level.DEBUG, LogLevels.forVerbosity(6));
    assertEquals(Level.TRACE, LogLevels.forVerbosity(7));
  }
}
