package org.p2sgate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientConfigParserTest {
  private static String error(String text) {
    return assertThrows(ConfigException.class, () -> ClientConfigParser.parse(text, "ccd/alice"))
        .getMessage();
  }

  @Test
  void everyDirectiveInFileOrder() throws Exception {
    ClientConfig c =
        ClientConfigParser.parse(
            """
            # alice's file
            ifconfig-push 10.8.0.50 255.255.255.0
            push-reset
            push "route 192.168.7.0 255.255.255.0"
            ; a comment
            push-remove "dhcp-option DNS"
            """,
            "ccd/alice");
    assertEquals("10.8.0.50", c.address().getHostAddress());
    assertEquals("255.255.255.0", c.netmask().getHostAddress());
    assertEquals("ccd/alice:2", c.addressAt());
    assertEquals(
        List.of(
            new PushEdit.Reset(),
            new PushEdit.Push("route 192.168.7.0 255.255.255.0"),
            new PushEdit.Remove("dhcp-option DNS")),
        c.pushEdits());
    assertFalse(c.disabled());
    assertTrue(ClientConfigParser.parse("disable\n", "ccd/bob").disabled());
  }

  @Test
  void anEmptyFileChangesNothing() throws Exception {
    ClientConfig c = ClientConfigParser.parse("\n# nothing\n", "ccd/alice");
    assertNull(c.address());
    assertEquals(
        List.of("route 1.2.3.0 255.255.255.0"),
        c.pushOptions(List.of("route 1.2.3.0 255.255.255.0")));
  }

  @Test
  void irouteIsRefusedWithItsLine() {
    assertEquals(
        "ccd/alice:2: 'iroute' is not supported: p2sgate routes no networks behind a client"
            + " (site-to-site); remove it",
        error("push \"route 10.1.0.0 255.255.0.0\"\niroute 192.168.50.0 255.255.255.0\n"));
    assertTrue(error("iroute-ipv6 2001:db8::/64").startsWith("ccd/alice:1: 'iroute-ipv6'"));
  }

  @Test
  void malformedLinesNameFileAndLine() {
    assertTrue(
        error("ifconfig-push 10.8.0.300 255.255.255.0")
            .startsWith("ccd/alice:1: 'ifconfig-push' address"));
    assertTrue(error("ifconfig-push vpn.example 255.255.255.0").contains("not an IPv4 address"));
    assertTrue(error("ifconfig-push 10.8.0.5").contains("takes 2 arguments, got 1"));
    assertTrue(error("ifconfig-push 10.8.0.5 255.255.255.0 10.8.0.6").contains("alias"));
    assertTrue(error("\n\npush \"a,b\"").startsWith("ccd/alice:3: 'push'"));
    assertTrue(error("push-remove ifconfig").contains("not supported"));
    assertTrue(error("disable now").contains("takes no arguments"));
    assertTrue(error("push-reset x").contains("takes no arguments"));
    assertTrue(error("client-to-client").contains("not supported in a client-config-dir file"));
    assertTrue(error("<ca>\nx\n</ca>").contains("inline block"));
    assertTrue(error("push \"route 10.0.0.0 255.0.0.0").startsWith("ccd/alice:1:"), "open quote");
  }

  @Test
  void pushRemoveTakesEveryOptionStartingWithItsText() {
    List<String> global =
        List.of(
            "route 10.1.0.0 255.255.0.0",
            "route-ipv6 2001:db8::/64",
            "dhcp-option DNS 10.8.0.1",
            "dhcp-option DOMAIN corp.example",
            "redirect-gateway def1");
    assertEquals(
        List.of(
            "dhcp-option DNS 10.8.0.1", "dhcp-option DOMAIN corp.example", "redirect-gateway def1"),
        PushEdit.apply(global, List.of(new PushEdit.Remove("route"))));
    assertEquals(
        List.of("route 10.1.0.0 255.255.0.0", "route-ipv6 2001:db8::/64", "redirect-gateway def1"),
        PushEdit.apply(global, List.of(new PushEdit.Remove("dhcp-option"))));
    assertEquals(global, PushEdit.apply(global, List.of(new PushEdit.Remove("route 10.2."))));
  }

  @Test
  void editsApplyInFileOrder() {
    List<String> global = List.of("route 10.1.0.0 255.255.0.0", "dhcp-option DNS 10.8.0.1");
    // a push before push-reset goes with the inherited ones, as in the reference
    assertEquals(
        List.of("route 10.9.0.0 255.255.0.0"),
        PushEdit.apply(
            global,
            List.of(
                new PushEdit.Push("route 10.5.0.0 255.255.0.0"),
                new PushEdit.Reset(),
                new PushEdit.Push("route 10.9.0.0 255.255.0.0"))));
    // push-remove then push: changing an option
    assertEquals(
        List.of("dhcp-option DNS 10.8.0.1", "route 10.1.0.0 255.255.255.0"),
        PushEdit.apply(
            global,
            List.of(
                new PushEdit.Remove("route 10.1."),
                new PushEdit.Push("route 10.1.0.0 255.255.255.0"))));
    assertEquals(global, PushEdit.apply(global, List.of()));
  }
}
