package org.p2sgate.tun.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * Control-plane libc calls, through JNA interface mapping. Each call costs about 1 µs of JNA
 * overhead (platform notes 2b), which is fine once per device but not once per packet: the packet
 * path uses {@link DirectIo}.
 *
 * <p>Constants carry their Linux names; the values are those of x86_64 and arm64.
 */
interface LibC extends Library {

  // fcntl.h (asm-generic/fcntl.h)
  int O_RDWR = 0x2;
  int O_NONBLOCK = 0x800;
  int O_CLOEXEC = 0x80000;

  // linux/if_tun.h
  long TUNSETIFF = 0x400454caL; // _IOW('T', 202, int)
  short IFF_TUN = 0x0001;
  short IFF_NO_PI = 0x1000;
  short IFF_VNET_HDR = 0x4000;
  short IFF_MULTI_QUEUE = 0x0100;

  // linux/if.h: struct ifreq { char ifr_name[IFNAMSIZ]; union { short ifr_flags; ... } }
  int IFREQ_SIZE = 40;
  int IFREQ_FLAGS_OFFSET = 16;

  // asm-generic/errno-base.h, asm-generic/errno.h
  int EPERM = 1;
  int ENOENT = 2;
  int EINTR = 4;
  int EAGAIN = 11;
  int EACCES = 13;
  int EBUSY = 16;
  int EINVAL = 22;
  int EMSGSIZE = 90;
  int ENOBUFS = 105;

  LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

  int open(String path, int flags) throws LastErrorException;

  /** {@code ioctl} is variadic in C; a fixed third argument is fine on the supported ABIs. */
  int ioctl(int fd, NativeLong request, Pointer arg) throws LastErrorException;

  int close(int fd) throws LastErrorException;

  // sys/socket.h, linux/netlink.h: the rtnetlink socket of NetlinkRoutes
  int AF_NETLINK = 16;
  int SOCK_RAW = 3;
  int SOCK_CLOEXEC = 0x80000;
  int NETLINK_ROUTE = 0;
  int SOL_SOCKET = 1;
  int SO_RCVBUF = 8;
  int SO_RCVTIMEO = 20; // SO_RCVTIMEO_OLD: struct timeval of two longs

  int socket(int domain, int type, int protocol) throws LastErrorException;

  int bind(int fd, byte[] address, int length) throws LastErrorException;

  int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

  NativeLong send(int fd, byte[] buf, NativeLong len, int flags) throws LastErrorException;

  NativeLong recv(int fd, byte[] buf, NativeLong len, int flags) throws LastErrorException;

  String strerror(int errnum);

  /** {@code "Device or resource busy (errno 16)"}. */
  static String describe(int errno) {
    String text = INSTANCE.strerror(errno);
    return (text == null ? "error" : text) + " (errno " + errno + ")";
  }
}
