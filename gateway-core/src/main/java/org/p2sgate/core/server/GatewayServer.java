package org.p2sgate.core.server;

import org.p2sgate.core.config.ServerConfig;

/** Wires transports, sessions and the TUN device together. (Being built.) */
public final class GatewayServer implements AutoCloseable {
  private GatewayServer() {}

  /** Starts listening; returns once the sockets are bound and the TUN device is up. */
  public static GatewayServer start(ServerConfig config) throws StartupException {
    throw new StartupException("the gateway server is not wired yet");
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitShutdown() throws InterruptedException {}

  /** Tells clients to reconnect, removes the TUN device and stops, within 5 s. Idempotent. */
  @Override
  public void close() {}
}
