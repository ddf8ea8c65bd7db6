package org.p2sgate.core.keyexchange;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The key-method-2 message (wire doc 5.3), the first plaintext each side sends over TLS.
 *
 * <pre>
 * u32 0 || u8 2 || [pre_master 48, client only] || random1 32 || random2 32
 *   || u16 L || options NUL || u16 L || username NUL || u16 L || password NUL || u16 L || peer-info NUL
 * </pre>
 */
public final class KeyMethod2 {
  public static final int PRE_MASTER = 48;
  public static final int RANDOM = 32;

  /** {@code TLS_OPTIONS_LEN} in ssl.h. */
  public static final int TLS_OPTIONS_LEN = 512;

  /** Largest client message accepted: room for long tokens as passwords. */
  public static final int MAX_MESSAGE = 64 * 1024;

  private KeyMethod2() {}

  /**
   * A parsed client message. {@code password} is secret: {@link #toString()} never shows it.
   *
   * @param preMaster 48 bytes
   * @param random1 32 bytes
   * @param random2 32 bytes
   * @param options the OCC options string
   * @param username possibly empty
   * @param password possibly empty
   * @param peerInfo newline-separated KEY=VALUE lines, possibly empty
   */
  public record ClientMessage(
      byte[] preMaster,
      byte[] random1,
      byte[] random2,
      String options,
      String username,
      String password,
      String peerInfo) {
    @Override
    public String toString() {
      return "ClientMessage[options="
          + options
          + ", username="
          + username
          + ", password="
          + (password.isEmpty() ? "<none>" : "<" + password.length() + " chars>")
          + "]";
    }

    /** Zeroes the key material this message carries. */
    public void wipe() {
      Arrays.fill(preMaster, (byte) 0);
      Arrays.fill(random1, (byte) 0);
      Arrays.fill(random2, (byte) 0);
    }
  }

  /** The outcome of parsing a possibly incomplete buffer. */
  public sealed interface ParseResult {}

  /** The whole message was read; {@code consumed} bytes belong to it. */
  public record Complete(ClientMessage message, int consumed) implements ParseResult {}

  /** Not enough bytes yet. */
  public record NeedMore() implements ParseResult {}

  /** Not a valid key-method-2 message. */
  public record Malformed(String reason) implements ParseResult {}

  /**
   * Parses a client message from the start of {@code buf}. Never throws on bad input. A buffer that
   * ends after the password is incomplete: 2.x clients always write the peer-info length, even as 0
   * ({@code write_empty_string} in ssl.c), and the message may span TLS records.
   */
  public static ParseResult parseClient(byte[] buf, int len) {
    ByteBuffer bb = ByteBuffer.wrap(buf, 0, len);
    if (bb.remaining() < 5 + PRE_MASTER + 2 * RANDOM) {
      return len > MAX_MESSAGE ? new Malformed("message too long") : new NeedMore();
    }
    if (bb.getInt() != 0) {
      return new Malformed("does not start with a zero word");
    }
    int method = bb.get() & 0x0f;
    if (method != 2) {
      return new Malformed("key method " + method + " (only 2 is supported)");
    }
    byte[] pre = new byte[PRE_MASTER];
    byte[] r1 = new byte[RANDOM];
    byte[] r2 = new byte[RANDOM];
    bb.get(pre).get(r1).get(r2);
    String[] strings = new String[4];
    for (int i = 0; i < 4; i++) {
      if (bb.remaining() < 2) {
        return len > MAX_MESSAGE ? new Malformed("message too long") : new NeedMore();
      }
      int l = bb.getShort() & 0xffff;
      if (i == 0 && l > TLS_OPTIONS_LEN) {
        return new Malformed("options string longer than " + TLS_OPTIONS_LEN);
      }
      if (bb.remaining() < l) {
        return len > MAX_MESSAGE ? new Malformed("message too long") : new NeedMore();
      }
      strings[i] = readString(bb, l);
      if (strings[i] == null) {
        return new Malformed("string " + i + " is not NUL-terminated");
      }
    }
    return new Complete(
        new ClientMessage(pre, r1, r2, strings[0], strings[1], strings[2], strings[3]),
        bb.position());
  }

  private static String readString(ByteBuffer bb, int l) {
    if (l == 0) {
      return "";
    }
    byte[] raw = new byte[l];
    bb.get(raw);
    if (raw[l - 1] != 0) {
      return null;
    }
    int end = 0;
    while (raw[end] != 0) {
      end++; // the reference reads a C string: it ends at the first NUL
    }
    String s = new String(raw, 0, end, StandardCharsets.UTF_8);
    Arrays.fill(raw, (byte) 0); // may hold a password
    return s;
  }

  /** The server's message: two randoms, its options string, three empty strings. */
  public static byte[] encodeServer(byte[] random1, byte[] random2, String options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 + options.length());
    out.writeBytes(new byte[] {0, 0, 0, 0, 2});
    out.writeBytes(random1);
    out.writeBytes(random2);
    byte[] opt = options.getBytes(StandardCharsets.US_ASCII);
    int l = opt.length + 1;
    out.write(l >>> 8);
    out.write(l);
    out.writeBytes(opt);
    out.write(0);
    out.writeBytes(new byte[6]); // username, password, peer-info: u16 0 each (wire doc 5.3)
    return out.toByteArray();
  }
}
