package org.p2sgate.core.ippool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5952 text, as the reference and {@code ip -6} print addresses. */
class Ipv6TextTest {
  @ParameterizedTest
  @CsvSource({
    "fd00:8:0:0:0:0:0:1000, fd00:8::1000",
    "0:0:0:0:0:0:0:0, ::",
    "0:0:0:0:0:0:0:1, ::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
    "FE80:0:0:0:0:0:0:ABCD, fe80::abcd",
    "1:0:0:0:0:0:0:0, 1::",
    "10.8.0.2, 10.8.0.2"
  })
  void text(String in, String out) throws Exception {
    assertEquals(out, Ipv6Text.of(InetAddress.getByName(in)));
  }
}
