package org.p2sgate.core.control;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The metadata wrapped with a tls-crypt-v2 client key (doc/tls-crypt-v2.txt): a type byte, then
 * {@code 0x00} user-defined bytes or {@code 0x01} a 64-bit network-order Unix timestamp of the
 * key's making. Not secret: the server reads it to decide, before any TLS, whether to serve the
 * client.
 */
public record TlsCryptV2Metadata(int type, byte[] value) {
  public static final int USER = 0x00;
  public static final int TIMESTAMP = 0x01;

  /**
   * {@code TLS_CRYPT_V2_MAX_METADATA_LEN}: what fits in the largest WKc (1024) beside the client
   * key (256), the tag (32) and the length (2); the type byte included.
   */
  public static final int MAX_SIZE = 1024 - (256 + 32 + 2);

  public TlsCryptV2Metadata {
    if (type < 0 || type > 255) {
      throw new IllegalArgumentException("metadata type is one byte, got " + type);
    }
    value = value.clone();
    if (1 + value.length > MAX_SIZE) {
      throw new IllegalArgumentException(
          "metadata too long (" + value.length + " bytes, at most " + (MAX_SIZE - 1) + ")");
    }
  }

  /** User metadata holding {@code text} in UTF-8. */
  public static TlsCryptV2Metadata user(String text) {
    return new TlsCryptV2Metadata(USER, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Timestamp metadata, as OpenVPN writes when given none. */
  public static TlsCryptV2Metadata timestamp(Instant made) {
    return new TlsCryptV2Metadata(
        TIMESTAMP, ByteBuffer.allocate(8).putLong(made.getEpochSecond()).array());
  }

  /** From the wrapped form {@code type || value}, or {@code null} if empty. */
  static TlsCryptV2Metadata ofWire(byte[] b, int off, int len) {
    return len < 1
        ? null
        : new TlsCryptV2Metadata(b[off] & 0xff, Arrays.copyOfRange(b, off + 1, off + len));
  }

  /** The wrapped form: {@code type || value}. */
  byte[] toWire() {
    byte[] out = new byte[1 + value.length];
    out[0] = (byte) type;
    System.arraycopy(value, 0, out, 1, value.length);
    return out;
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  /** The user metadata as text (invalid UTF-8 replaced), or {@code null} for another type. */
  public String userText() {
    return type == USER ? new String(value, StandardCharsets.UTF_8) : null;
  }

  /** When the key was made, or {@code null} if this is not a well-formed timestamp. */
  public Instant madeAt() {
    return type == TIMESTAMP && value.length == 8
        ? Instant.ofEpochSecond(ByteBuffer.wrap(value).getLong())
        : null;
  }

  /** For logs and the operator: never key material, and at most 120 characters. */
  @Override
  public String toString() {
    String s =
        switch (type) {
          case USER -> "user:" + org.p2sgate.core.observe.LogText.printable(userText());
          case TIMESTAMP -> "timestamp:" + (madeAt() == null ? "malformed" : madeAt());
          default -> "type-" + type + ":" + value.length + "B";
        };
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TlsCryptV2Metadata m && m.type == type && Arrays.equals(m.value, value);
  }

  @Override
  public int hashCode() {
    return 31 * type + Arrays.hashCode(value);
  }
}
