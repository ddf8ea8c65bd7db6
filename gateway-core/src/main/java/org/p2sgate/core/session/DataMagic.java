package org.p2sgate.core.session;

import java.util.Arrays;
import java.util.HexFormat;

/** In-band data-channel messages: the keepalive ping and OCC (wire doc 9.1, 9.2). */
final class DataMagic {
  /** {@code ping_string} in ping.c. */
  static final byte[] PING = HexFormat.of().parseHex("2a187bf3641eb4cb07ed2d0a981fc748");

  /** {@code occ_magic} in occ.c. */
  static final byte[] OCC = HexFormat.of().parseHex("287f346bd4ef7a812d56b8d3afc5459c");

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
