package org.p2sgate.core.control;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An "OpenVPN Static key V1": 256 bytes laid out as two directional keys, each {@code cipher[64] ||
 * hmac[64]} (wire doc section 3.1). Used for tls-auth and tls-crypt.
 */
public final class StaticKey {
  public static final int SIZE = 256;
  private static final String BEGIN = "-----BEGIN OpenVPN Static key V1-----";
  private static final String END = "-----END OpenVPN Static key V1-----";

  private final byte[] bytes;

  private StaticKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps 256 raw key bytes (copied). */
  public static StaticKey of(byte[] raw) {
    if (raw.length != SIZE) {
      throw new IllegalArgumentException("static key must be 256 bytes, got " + raw.length);
    }
    return new StaticKey(raw.clone());
  }

  /**
   * Parses the text of a static key file. Text outside the markers is ignored, as OpenVPN does.
   *
   * @throws IllegalArgumentException with a message that never contains key material
   */
  public static StaticKey parse(String text) {
    int b = text.indexOf(BEGIN);
    int e = text.indexOf(END);
    if (b < 0 || e < 0 || e < b) {
      throw new IllegalArgumentException("not an OpenVPN static key (no '" + BEGIN + "' block)");
    }
    StringBuilder hex = new StringBuilder(SIZE * 2);
    for (char c : text.substring(b + BEGIN.length(), e).toCharArray()) {
      if (java.util.HexFormat.isHexDigit(c)) {
        hex.append(c);
      } else if (!Character.isWhitespace(c)) {
        throw new IllegalArgumentException("static key block contains a non-hex character");
      }
    }
    if (hex.length() != SIZE * 2) {
      throw new IllegalArgumentException(
          "static key block must hold 512 hex digits, found " + hex.length());
    }
    return new StaticKey(HexFormat.of().parseHex(hex));
  }

  /** Formats as OpenVPN's {@code --genkey secret} does. */
  public String toPem() {
    StringBuilder sb = new StringBuilder();
    sb.append("#\n# 2048 bit OpenVPN static key\n#\n").append(BEGIN).append('\n');
    HexFormat hf = HexFormat.of();
    for (int i = 0; i < SIZE; i += 16) {
      sb.append(hf.formatHex(bytes, i, i + 16)).append('\n');
    }
    return sb.append(END).append('\n').toString();
  }

  /** A copy of {@code len} bytes at {@code offset} (e.g. 64 = keys[0].hmac). */
  public byte[] slice(int offset, int len) {
    return Arrays.copyOfRange(bytes, offset, offset + len);
  }

  /** A copy of all 256 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Zeroes the key (one that was only needed to build a wrap). */
  public void erase() {
    Arrays.fill(bytes, (byte) 0);
  }

  @Override
  public String toString() {
    return "StaticKey[256 bytes]";
  }
}
