package org.p2sgate.core.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * OpenVPN's management interface ({@code management IP PORT [pw-file]} or {@code management PATH
 * unix [pw-file]}): a TCP listener on a loopback address, or a unix socket, exactly one of them.
 *
 * @param tcp the loopback address and port, or {@code null} for a unix socket
 * @param unixSocket the unix socket's path, or {@code null} for TCP
 * @param password what a client must send first (the password file's first line), or {@code null}
 *     for none; secret: never printed
 */
public record ManagementSettings(InetSocketAddress tcp, Path unixSocket, String password) {
  /** The reference's password buffer ({@code USER_PASS_LEN}): longer passwords are refused. */
  public static final int MAX_PASSWORD = 127;

  public ManagementSettings {
    if ((tcp == null) == (unixSocket == null)) {
      throw new IllegalArgumentException("management: a TCP address or a unix socket, not both");
    }
    if (tcp != null && !tcp.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "management: " + tcp.getAddress().getHostAddress() + " is not a loopback address");
    }
    if (password != null && (password.isEmpty() || password.length() > MAX_PASSWORD)) {
      throw new IllegalArgumentException("management password must be 1 to 127 characters");
    }
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "ManagementSettings["
        + (tcp != null ? tcp.getAddress().getHostAddress() + ":" + tcp.getPort() : unixSocket)
        + (password != null ? ", password" : "")
        + "]";
  }
}
