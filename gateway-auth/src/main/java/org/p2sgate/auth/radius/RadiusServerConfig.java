package org.p2sgate.auth.radius;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * One RADIUS server.
 *
 * @param host name or address
 * @param port authentication port (usually 1812)
 * @param accountingPort accounting port (usually 1813)
 * @param secret the shared secret; never logged, {@link #toString()} hides it
 * @param timeout how long to wait for each attempt; long enough for a push-MFA approval
 * @param retries how many times to resend after the first attempt times out
 */
public record RadiusServerConfig(
    String host, int port, int accountingPort, String secret, Duration timeout, int retries) {

  public RadiusServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(timeout, "timeout");
    if (port < 1 || port > 65535 || accountingPort < 1 || accountingPort > 65535) {
      throw new IllegalArgumentException(
          "RADIUS port out of range: " + port + "/" + accountingPort);
    }
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("RADIUS shared secret for " + host + " is empty");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("RADIUS timeout must be positive: " + timeout);
    }
    if (retries < 0 || retries > 10) {
      throw new IllegalArgumentException("RADIUS retries must be 0..10: " + retries);
    }
  }

  /** A server on the standard ports 1812/1813. */
  public RadiusServerConfig(String host, String secret, Duration timeout, int retries) {
    this(host, 1812, 1813, secret, timeout, retries);
  }

  InetSocketAddress authAddress() {
    return new InetSocketAddress(host, port);
  }

  InetSocketAddress accountingAddress() {
    return new InetSocketAddress(host, accountingPort);
  }

  /** The longest one exchange with this server can take: every attempt timing out. */
  public Duration worstCase() {
    return timeout.multipliedBy(retries + 1L);
  }

  @Override
  public String toString() {
    return "RadiusServerConfig[host="
        + host
        + ", port="
        + port
        + ", accountingPort="
        + accountingPort
        + ", secret=<hidden>, timeout="
        + timeout
        + ", retries="
        + retries
        + "]";
  }
}
