package org.p2sgate.tun.linux;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * Per-packet libc calls, through JNA direct mapping ({@code Native.register}): about 0.1 µs of
 * overhead per call against about 1 µs for interface mapping (platform notes 2b). {@code Pointer}
 * arguments are the cheapest kind. Callers read {@code errno} with {@link Native#getLastError()}
 * right after a call returns -1.
 *
 * <p>{@code size_t}, {@code ssize_t} and {@code nfds_t} are mapped to {@code long}: LP64 only,
 * which {@link LinuxTun#create} checks.
 */
final class DirectIo {

  // poll.h: struct pollfd { int fd; short events; short revents; }
  static final int POLLFD_SIZE = 8;
  static final int POLLFD_EVENTS_OFFSET = 4;
  static final int POLLFD_REVENTS_OFFSET = 6;
  static final short POLLIN = 0x001;
  static final short POLLERR = 0x008;
  static final short POLLHUP = 0x010;
  static final short POLLNVAL = 0x020;

  static {
    Native.register(DirectIo.class, Platform.C_LIBRARY_NAME);
  }

  private DirectIo() {}

  static native int poll(Pointer fds, long nfds, int timeoutMillis);

  static native long read(int fd, Pointer buf, long count);

  static native long write(int fd, Pointer buf, long count);
}
