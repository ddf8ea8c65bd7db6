package org.p2sgate.core.cli;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;

/** Guesses the address clients should connect to when the operator does not say. */
final class HostAddresses {
  private HostAddresses() {}

  /** The first IPv4 address of an interface that is up, not loopback and not link-local. */
  static Optional<String> firstNonLoopbackIpv4() {
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nif.isUp() || nif.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
            return Optional.of(a.getHostAddress());
          }
        }
      }
    } catch (SocketException e) {
      // no interfaces to inspect
    }
    return Optional.empty();
  }
}
