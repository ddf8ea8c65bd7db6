package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A gateway listening on all addresses of a host with two: a client that connects to the second
 * address gets its replies from that address (OpenVPN's multihome), not from whichever address the
 * kernel would pick by routing, which the real client rejects.
 */
@Tag("netns")
class MultihomeIT {
  static final String SECOND_IP = "198.18.5.1";

  @Test
  void repliesLeaveFromTheAddressTheClientSentTo() throws Exception {
    try (Testbed bed = new Testbed(1)) {
      // a second address on the gateway's client-facing link, reached on-link by the client
      Sh.ns(bed.gateway, "ip", "addr", "add", SECOND_IP + "/32", "dev", bed.tag + "b");
      Sh.ns(bed.client, "ip", "route", "add", SECOND_IP, "dev", bed.tag + "a");
      bed.startEcho();
      GatewayUnderTest gw = GatewayUnderTest.yaml(bed, "multihome", "udp", "*", "").start();
      OpenVpnClient c =
          new OpenVpnClient(bed, 1, "udp", "tls-crypt", "client01", List.of())
              .remote(SECOND_IP)
              .start();
      try {
        c.awaitUp();
        Traffic.echo(bed, c.tunnelIp, 1 << 20);
        assertFalse(c.log().contains("Incoming packet rejected"), c.log());
        assertTrue(c.log().contains("[AF_INET]" + SECOND_IP + ":1194"), "talked to " + SECOND_IP);
      } finally {
        c.stop();
        assertTrue(gw.stop());
      }
    }
  }
}
