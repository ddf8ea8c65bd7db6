package org.p2sgate.tun.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The error messages of the control-plane steps that can be provoked without root. */
class TunControlTest {

  @Test
  void missingDeviceNodeSaysHowToProvideIt() {
    IOException e = assertThrows(IOException.class, () -> TunControl.open("/nonexistent/net/tun"));
    assertEquals(
        "TUN device /nonexistent/net/tun not found: run in a container with --device /dev/net/tun",
        e.getMessage());
  }

  @Test
  void attachOnSomethingElseGivesTheErrnoText() throws Exception {
    int fd = TunControl.open("/dev/null");
    try {
      IOException e = assertThrows(IOException.class, () -> TunControl.attach(fd, "p2sx%d", false));
      // the errno text is locale dependent ("Inappropriate ioctl for device" in English)
      String m = e.getMessage();
      assertTrue(m.startsWith("cannot create TUN device p2sx%d: ") && m.endsWith(" (errno 25)"), m);
    } finally {
      TunControl.closeQuietly(fd);
    }
  }
}
