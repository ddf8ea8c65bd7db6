package org.p2sgate.tun.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control-plane steps of a TUN device: open {@code /dev/net/tun}, attach an interface with
 * {@code TUNSETIFF}, close. Failures become IOExceptions that say what to do.
 */
final class TunControl {

  static final String DEV_NET_TUN = "/dev/net/tun";

  private static final Logger log = LoggerFactory.getLogger(TunControl.class);

  private TunControl() {}

  /** Opens {@code /dev/net/tun} non-blocking and close-on-exec; returns the fd. */
  static int open() throws IOException {
    return open(DEV_NET_TUN);
  }

  /** {@link #open()} on another path, for tests. */
  static int open(String path) throws IOException {
    if (!Files.exists(Path.of(path))) {
      throw notFound(path);
    }
    try {
      return LibC.INSTANCE.open(path, LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
    } catch (LastErrorException e) {
      throw switch (e.getErrorCode()) {
        case LibC.ENOENT -> notFound(path);
        case LibC.EACCES, LibC.EPERM ->
            new IOException("no permission to open " + path + ": needs root or CAP_NET_ADMIN", e);
        default ->
            new IOException("cannot open " + path + ": " + LibC.describe(e.getErrorCode()), e);
      };
    }
  }

  private static IOException notFound(String path) {
    return new IOException(
        "TUN device " + path + " not found: run in a container with --device /dev/net/tun");
  }

  /**
   * TUNSETIFF; returns the name the kernel chose (it fills in a {@code %d}). With {@code
   * vnetHeader} every packet read or written starts with a {@code virtio_net_hdr} ({@code
   * IFF_VNET_HDR}); the device's offload features stay off, so the kernel hands over only whole
   * packets with their checksums done, while it takes GSO packets from us. With {@code multiQueue}
   * the fd is one queue of the device ({@code IFF_MULTI_QUEUE}): attaching another fd to the same
   * name adds a queue, and the device lives until its last queue's fd is closed.
   */
  static String attach(int fd, String requested, boolean vnetHeader) throws IOException {
    return attach(fd, requested, vnetHeader, false);
  }

  /** As {@link #attach(int, String, boolean)}, as one queue of a multi-queue device or not. */
  static String attach(int fd, String requested, boolean vnetHeader, boolean multiQueue)
      throws IOException {
    try (Memory ifr = new Memory(LibC.IFREQ_SIZE)) {
      ifr.clear();
      byte[] bytes = requested.getBytes(StandardCharsets.US_ASCII);
      ifr.write(0, bytes, 0, bytes.length);
      int flags =
          LibC.IFF_TUN
              | LibC.IFF_NO_PI
              | (vnetHeader ? LibC.IFF_VNET_HDR : 0)
              | (multiQueue ? LibC.IFF_MULTI_QUEUE : 0);
      ifr.setShort(LibC.IFREQ_FLAGS_OFFSET, (short) flags);
      try {
        LibC.INSTANCE.ioctl(fd, new NativeLong(LibC.TUNSETIFF), ifr);
      } catch (LastErrorException e) {
        int errno = e.getErrorCode();
        if (errno == LibC.EPERM) {
          throw new IOException(
              "no permission to create TUN device " + requested + ": needs root or CAP_NET_ADMIN",
              e);
        }
        throw new IOException(
            "cannot create TUN device " + requested + ": " + LibC.describe(errno), e);
      }
      return ifr.getString(0, StandardCharsets.US_ASCII.name());
    }
  }

  static void closeQuietly(int fd) {
    try {
      LibC.INSTANCE.close(fd);
    } catch (LastErrorException e) {
      log.warn("close of TUN fd {} failed: {}", fd, LibC.describe(e.getErrorCode()));
    }
  }
}
