package org.p2sgate.core.session;

import java.util.Arrays;

/** In-band data-channel messages: the keepalive ping and OCC (wire doc 9.1, 9.2). */
final class DataMagic {
  /** {@code ping_string} in ping.c. */
  static final byte[] PING = {
    0x2a,
    0x18,
    0x7b,
    (byte) 0xf3,
    0x64,
    0x1e,
    (byte) 0xb4,
    (byte) 0xcb,
    0x07,
    (byte) 0xed,
    0x2d,
    0x0a,
    (byte) 0x98,
    0x1f,
    (byte) 0xc7,
    0x48
  };

  /** {@code occ_magic} in occ.c. */
  static final byte[] OCC = {
    0x28,
    0x7f,
    0x34,
    0x6b,
    (byte) 0xd4,
    (byte) 0xef,
    0x7a,
    (byte) 0x81,
    0x2d,
    0x56,
    (byte) 0xb8,
    (byte) 0xd3,
    (byte) 0xaf,
    (byte) 0xc5,
    0x45,
    (byte) 0x9c
  };

  /** {@code OCC_EXIT}. */
  static final int OCC_EXIT = 6;

  private DataMagic() {}

  static boolean isPing(byte[] b, int off, int len) {
    return len == PING.length && Arrays.equals(b, off, off + len, PING, 0, PING.length);
  }

  static boolean isOcc(byte[] b, int off, int len) {
    return len > OCC.length && Arrays.equals(b, off, off + OCC.length, OCC, 0, OCC.length);
  }
}
