package org.p2sgate.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TunSpecTest {

  static final Inet4Address ADDR;

  static {
    try {
      ADDR = (Inet4Address) InetAddress.getByName("100.64.0.1");
    } catch (java.net.UnknownHostException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Test
  void validSpecPrintsEveryFieldAndCidr() {
    TunSpec spec = new TunSpec("p2s%d", 1420, ADDR, 24);
    assertEquals("100.64.0.1/24", spec.cidr());
    String text = spec.toString();
    assertTrue(text.contains("p2s%d") && text.contains("1420") && text.contains("24"), text);
    new TunSpec("a23456789012345", 68, ADDR, 32);
    new TunSpec("tun0", 65535, ADDR, 1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "a234567890123456",
        "tun 0",
        "a/b",
        "a:b",
        ".",
        "..",
        "tun%",
        "%d%d",
        "t\u00e9"
      })
  void badNamesAreRejected(String name) {
    var e = assertThrows(IllegalArgumentException.class, () -> new TunSpec(name, 1500, ADDR, 24));
    assertTrue(e.getMessage().contains(name), e.getMessage());
  }

  @Test
  void badNumbersAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new TunSpec("t", 67, ADDR, 24));
    assertThrows(IllegalArgumentException.class, () -> new TunSpec("t", 65536, ADDR, 24));
    assertThrows(IllegalArgumentException.class, () -> new TunSpec("t", 1500, ADDR, 0));
    assertThrows(IllegalArgumentException.class, () -> new TunSpec("t", 1500, ADDR, 33));
    assertThrows(NullPointerException.class, () -> new TunSpec("t", 1500, null, 24));
    assertThrows(NullPointerException.class, () -> new TunSpec(null, 1500, ADDR, 24));
  }
}
