package org.p2sgate.core.server;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Clock;
import java.time.ZoneId;
import org.p2sgate.core.admin.GatewayControl;
import org.p2sgate.core.config.ManagementSettings;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.management.ManagementHost;
import org.p2sgate.core.management.ManagementServer;
import org.p2sgate.core.observe.TrafficCounters;

/**
 * The front ends for operators' existing OpenVPN tools, when configured: the status file and the
 * management interface. Both act on the gateway through {@link GatewayControl}, as the admin API
 * does.
 */
final class OperatorInterfaces implements AutoCloseable {
  private final StatusFileWriter status;
  private final ManagementServer management;

  private OperatorInterfaces(StatusFileWriter status, ManagementServer management) {
    this.status = status;
    this.management = management;
  }

  static OperatorInterfaces start(
      ServerConfig config,
      GatewayControl gateway,
      TrafficCounters traffic,
      String tunnelAddress,
      Clock clock)
      throws StartupException {
    String title = ServerTitle.get();
    StatusFileWriter status =
        config.status().file() == null
            ? null
            : StatusFileWriter.start(config.status(), gateway, title, clock);
    ManagementSettings m = config.management();
    if (m == null) {
      return new OperatorInterfaces(status, null);
    }
    ManagementHost host =
        new ManagementHost(
            gateway,
            title,
            ProcessHandle.current().pid(),
            config.status().version(),
            ZoneId.systemDefault(),
            clock::millis,
            clock.millis(),
            tunnelAddress,
            config.listenAddress() == null
                ? null
                : new java.net.InetSocketAddress(config.listenAddress(), config.port()),
            traffic::bytesIn,
            traffic::bytesOut,
            m.password());
    SocketAddress at = m.tcp() != null ? m.tcp() : UnixDomainSocketAddress.of(m.unixSocket());
    try {
      return new OperatorInterfaces(status, ManagementServer.start(at, host));
    } catch (IOException | RuntimeException e) {
      if (status != null) {
        status.close();
      }
      throw new StartupException("management interface on " + m + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (management != null) {
      management.close();
    }
    if (status != null) {
      status.close();
    }
  }
}
