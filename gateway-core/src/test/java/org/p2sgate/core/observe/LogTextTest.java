package org.p2sgate.core.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogTextTest {
  @Test
  void clientTextCannotSplitOrForgeLogLines() {
    assertEquals(
        "alice?2026 AUTH accepted: user=root",
        LogText.printable("alice\n2026 AUTH accepted: user=root"));
    assertEquals("a?b?c", LogText.printable("a\rb\u0000c"));
    assertEquals("-", LogText.printable(null));
  }

  @Test
  void longTextIsCut() {
    String logged = LogText.printable("x".repeat(10_000));
    assertEquals(131, logged.length());
    assertTrue(logged.endsWith("..."));
  }
}
