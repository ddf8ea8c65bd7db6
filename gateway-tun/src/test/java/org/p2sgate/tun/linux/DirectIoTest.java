package org.p2sgate.tun.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import org.junit.jupiter.api.Test;

/** LinuxTun relies on errno being readable after a direct-mapped call; no root needed. */
class DirectIoTest {

  static final int EBADF = 9; // asm-generic/errno-base.h

  @Test
  void errnoOfDirectCallsIsVisibleThroughGetLastError() {
    try (Memory buf = new Memory(16)) {
      assertEquals(-1, DirectIo.write(-1, buf, 16));
      assertEquals(EBADF, Native.getLastError());
      assertEquals(-1, DirectIo.read(-1, buf, 16));
      assertEquals(EBADF, Native.getLastError());
    }
  }

  @Test
  void pollReportsAnInvalidFdInsteadOfWaiting() {
    try (Memory fds = new Memory(DirectIo.POLLFD_SIZE)) {
      fds.clear();
      fds.setInt(0, Integer.MAX_VALUE); // not an open fd
      fds.setShort(DirectIo.POLLFD_EVENTS_OFFSET, DirectIo.POLLIN);
      assertEquals(1, DirectIo.poll(fds, 1, 1000));
      assertEquals(DirectIo.POLLNVAL, fds.getShort(DirectIo.POLLFD_REVENTS_OFFSET));
    }
  }

  @Test
  void describeGivesTheErrnoText() {
    String text = LibC.describe(LibC.EBUSY); // "Device or resource busy (errno 16)" in English
    assertTrue(text.endsWith(" (errno 16)") && text.length() > 11, text);
  }
}
