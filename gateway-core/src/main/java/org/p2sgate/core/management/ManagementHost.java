package org.p2sgate.core.management;

import java.time.ZoneId;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.p2sgate.core.admin.GatewayControl;

/**
 * What every management connection shares: the gateway it acts on and what the replies show.
 *
 * @param gateway the running gateway (sessions, disconnects), answered on its event loop
 * @param title the server's title, as {@code version} and {@code status} show it
 * @param pid the process id {@code pid} reports
 * @param statusVersion the format {@code status} without a number uses ({@code status-version})
 * @param zone the zone status times are printed in
 * @param clock the wall clock, epoch milliseconds
 * @param startedMs when the gateway started ({@code state})
 * @param tunnelAddress the gateway's address in the tunnel ({@code state})
 * @param listen the address and port clients connect to ({@code state}), or {@code null} when the
 *     gateway listens on all addresses
 * @param bytesIn tunnelled bytes from clients since the start ({@code load-stats})
 * @param bytesOut tunnelled bytes to clients since the start ({@code load-stats})
 * @param password what a connection must send first, or {@code null} for none (never printed)
 */
public record ManagementHost(
    GatewayControl gateway,
    String title,
    long pid,
    int statusVersion,
    ZoneId zone,
    LongSupplier clock,
    long startedMs,
    String tunnelAddress,
    java.net.InetSocketAddress listen,
    LongSupplier bytesIn,
    LongSupplier bytesOut,
    String password) {
  public ManagementHost {
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(bytesIn, "bytesIn");
    Objects.requireNonNull(bytesOut, "bytesOut");
    if (statusVersion < 1 || statusVersion > 3) {
      throw new IllegalArgumentException("status version 1..3");
    }
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "ManagementHost[" + title + ", pid " + pid + (password != null ? ", password]" : "]");
  }
}
