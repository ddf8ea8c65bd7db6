package org.p2sgate.core.cli;

import org.p2sgate.core.config.ConfigSource;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.server.GatewayServer;
import org.p2sgate.core.server.StartupException;

/** Starts a gateway; the seam between the command line and {@link GatewayServer}. */
@FunctionalInterface
interface GatewayStarter {
  RunningGateway start(ServerConfig config) throws StartupException;

  /** A started gateway. */
  interface RunningGateway {
    /** Blocks until the gateway has stopped. */
    void awaitShutdown() throws InterruptedException;

    /** Stops the gateway (within 5 s); idempotent. */
    void close();

    /** Where {@link #reload()} (SIGHUP, the admin API) reads the configuration again. */
    default void reloadFrom(ConfigSource source) {}

    /** Reads the configuration again and applies it (SIGHUP); the outcome is logged. */
    default void reload() {}

    /** Writes the status and every session to the log (SIGUSR2). */
    default void logStatus() {}
  }

  /** The real thing. */
  GatewayStarter SERVER =
      config -> {
        GatewayServer server = GatewayServer.start(config);
        return new RunningGateway() {
          @Override
          public void reloadFrom(ConfigSource source) {
            server.reloadFrom(source);
          }

          @Override
          public void reload() {
            server.reload(); // logs what it did or why it did not
          }

          @Override
          public void logStatus() {
            server.logStatus();
          }

          @Override
          public void awaitShutdown() throws InterruptedException {
            server.awaitShutdown();
          }

          @Override
          public void close() {
            server.close();
          }
        };
      };
}
