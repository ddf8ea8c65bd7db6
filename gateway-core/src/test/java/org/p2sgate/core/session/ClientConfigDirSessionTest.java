package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.config.TlsWrapConfig;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;

/** Logins with a client-config-dir: static addresses, per-client pushes, disabled clients. */
class ClientConfigDirSessionTest {
  private static final TestPeer ALICE = TestPeer.udp("198.18.0.2", 41000);
  private static final TestPeer BOB = TestPeer.udp("198.18.0.3", 41000);

  private static TestGateway gateway(Map<String, String> files, boolean exclusive) {
    return TestGateway.builder()
        .wrap(TlsWrapConfig.Mode.TLS_CRYPT, 61)
        .push(List.of("route 198.18.1.0 255.255.255.0", "dhcp-option DNS 10.8.0.1"))
        .clientConfigs(files, exclusive)
        .build();
  }

  private static TestOpenVpnClient refused(TestGateway gw, TestPeer peer, String cn) {
    TestOpenVpnClient c = gw.connect(peer, gw.clientConfig(cn));
    assertTrue(gw.runUntil(() -> c.authFailed() != null, 10_000), c::toString);
    assertFalse(c.isConnected());
    return c;
  }

  @Test
  void aStaticAddressAndPerClientPushes() {
    TestGateway gw =
        gateway(
            Map.of(
                "alice",
                """
                ifconfig-push 10.8.0.200 255.255.255.0
                push-remove dhcp-option
                push "route 192.168.7.0 255.255.255.0"
                """),
            false);
    TestOpenVpnClient c = gw.establish(ALICE, gw.clientConfig("alice"));
    List<String> o = c.pushOptions();
    assertTrue(o.contains("ifconfig 10.8.0.200 255.255.255.0"), c.pushReply());
    assertTrue(o.contains("route 198.18.1.0 255.255.255.0"), c.pushReply());
    assertTrue(o.contains("route 192.168.7.0 255.255.255.0"), c.pushReply());
    assertFalse(c.pushReply().contains("dhcp-option"), c.pushReply());
    assertTrue(o.contains("topology subnet") && o.contains("route-gateway 10.8.0.1"), "kept");

    // bob has no file: the gateway's pushes, an address from the pool
    TestOpenVpnClient b = gw.establish(BOB, gw.clientConfig("bob"));
    assertTrue(b.pushOptions().contains("ifconfig 10.8.0.2 255.255.255.0"), b.pushReply());
    assertTrue(b.pushOptions().contains("dhcp-option DNS 10.8.0.1"), b.pushReply());
  }

  @Test
  void aStaticAddressIsNeverGivenTwiceAndStaysItsOwners() {
    Map<String, String> files = new HashMap<>();
    files.put("alice", "ifconfig-push 10.8.0.2 255.255.255.0");
    files.put("carol", "ifconfig-push 10.8.0.2 255.255.255.0");
    TestGateway gw = gateway(files, false);
    gw.establish(ALICE, gw.clientConfig("alice"));
    TestOpenVpnClient carol = refused(gw, BOB, "carol");
    assertEquals("AUTH_FAILED,static address unavailable", carol.authFailed());
    assertEquals(1, gw.sessions.sessionCount() - pendingOrClosing(gw));

    // once alice has had it, a dynamic client gets another address even while alice is away
    gw.sessions.disconnect(i -> true, false, gw.now(), gw.out);
    gw.advance(10_000);
    TestOpenVpnClient dave = gw.establish(TestPeer.udp("198.18.0.9", 1), gw.clientConfig("dave"));
    assertFalse(dave.pushOptions().contains("ifconfig 10.8.0.2 255.255.255.0"), dave.pushReply());
  }

  private static int pendingOrClosing(TestGateway gw) {
    return (int) gw.sessions.sessions().stream().filter(s -> !s.isAdmitted()).count();
  }

  @Test
  void staticAddressesOutsideTheTunnelOrWithAnotherMaskAreRefused() {
    for (String line :
        List.of(
            "ifconfig-push 10.9.0.5 255.255.255.0",
            "ifconfig-push 10.8.0.1 255.255.255.0",
            "ifconfig-push 10.8.0.255 255.255.255.0",
            "ifconfig-push 10.8.0.5 255.255.0.0")) {
      TestGateway gw = gateway(Map.of("alice", line), false);
      refused(gw, ALICE, "alice");
      assertEquals(0, gw.ctx.pool().allocatedCount(), line);
    }
  }

  @Test
  void disabledMalformedAndMissingFilesRefuseTheClient() {
    TestGateway gw =
        gateway(Map.of("alice", "disable", "bob", "iroute 192.168.0.0 255.255.255.0"), false);
    assertEquals("AUTH_FAILED,client disabled", refused(gw, ALICE, "alice").authFailed());
    assertEquals("AUTH_FAILED,client configuration error", refused(gw, BOB, "bob").authFailed());
    assertEquals(0, gw.ctx.pool().allocatedCount());

    TestGateway exclusive = gateway(Map.of("alice", ""), true);
    refused(exclusive, BOB, "bob");
    exclusive.establish(ALICE, exclusive.clientConfig("alice"));
  }

  @Test
  void withoutAReaderEveryClientIsRefusedNotLetThrough() {
    TestGateway gw = gateway(Map.of(), false);
    gw.sessions.readClientConfigsWith(ClientConfigReader.NONE);
    refused(gw, ALICE, "alice");
  }

  @Test
  void noClientConfigDirNoReading() {
    TestGateway gw = TestGateway.builder().wrap(TlsWrapConfig.Mode.TLS_CRYPT, 62).build();
    assertNull(gw.config.clientConfigDir());
    gw.establish(ALICE, gw.clientConfig("alice"));
  }
}
