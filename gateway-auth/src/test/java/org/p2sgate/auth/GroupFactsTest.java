package org.p2sgate.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupFactsTest {
  @Test
  void textValuesArePrefixedByTheirSource() {
    assertEquals("cert-ou:Engineering", GroupFacts.of(GroupFacts.CERT_OU, "Engineering"));
    assertNull(GroupFacts.of(GroupFacts.CERT_OU, ""));
    assertNull(GroupFacts.of(GroupFacts.CERT_OU, null));
    assertNull(GroupFacts.of(GroupFacts.CERT_OU, "eng\nops"), "no control characters");
    assertNull(GroupFacts.of(GroupFacts.CERT_OU, "x".repeat(254)), "longer than RADIUS allows");
  }

  @Test
  void binaryValuesAreTextWhenPrintableElseHex() {
    assertEquals(
        "radius-class:eng",
        GroupFacts.ofBytes(GroupFacts.RADIUS_CLASS, "eng".getBytes(StandardCharsets.UTF_8)));
    assertEquals(
        "radius-class:0x00ff10",
        GroupFacts.ofBytes(GroupFacts.RADIUS_CLASS, new byte[] {0, (byte) 0xff, 0x10}));
    assertNull(GroupFacts.ofBytes(GroupFacts.RADIUS_CLASS, new byte[0]));
  }

  @Test
  void acceptedKeepsTheFactsSortedAndDefaultsToNone() {
    assertEquals(Set.of(), new AuthResult.Accepted("u", Map.of()).groups());
    assertEquals(
        "[cert-ou:a, cert-ou:b]",
        new AuthResult.Accepted("u", Map.of(), Set.of("cert-ou:b", "cert-ou:a"))
            .groups()
            .toString());
  }
}
