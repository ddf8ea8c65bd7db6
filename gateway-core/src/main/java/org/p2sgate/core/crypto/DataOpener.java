package org.p2sgate.core.crypto;

import static org.p2sgate.core.crypto.AeadLayout.V1_OVERHEAD;
import static org.p2sgate.core.crypto.AeadLayout.V2_OVERHEAD;

import java.util.Objects;

/**
 * Opens data packets of one key state in the receive direction, in place (wire doc 7.1, 7.5).
 *
 * <p>The open methods are total over peer input: they check every length before reading, never
 * throw on what the peer sent, and return either the plaintext length ({@code > 0}, plaintext at
 * {@code buf[off+24]} for V2, {@code buf[off+21]} for V1) or a negative {@link OpenFailure#code()}.
 * They need no tailroom. After a drop the bytes after the header are unspecified.
 *
 * <p>The replay window is consulted before decrypting (a refused id costs no AES work) but updated
 * only after the tag verified, so a forged packet never moves it.
 *
 * <p>Not thread safe: one owner at a time.
 */
public final class DataOpener {
  private final Aead engine;
  private final ReplayWindow window;

  /**
   * @param cipherKey exactly {@code kind.keyLength()} bytes (copied)
   * @param implicitIv exactly 8 bytes (copied)
   * @param window the replay window of this key state and direction (data channel: time is 0)
   */
  public DataOpener(CipherKind kind, byte[] cipherKey, byte[] implicitIv, ReplayWindow window) {
    this.window = Objects.requireNonNull(window, "window");
    this.engine = Aeads.create(kind, cipherKey, implicitIv);
  }

  /**
   * Opens a P_DATA_V2 packet at {@code buf[off, off+len)}. The opcode must be P_DATA_V2; the key_id
   * is not checked (the caller chose this opener by it) but is authenticated. The {@value
   * AeadLayout#TAILROOM} bytes after the packet, where the buffer has them, are scratch: with them
   * the packet opens in place in one step; without, SunJCE buffers it.
   *
   * @return plaintext length at {@code buf[off+24]}, or a negative {@link OpenFailure} code
   * @throws IndexOutOfBoundsException only if {@code off, len} do not lie inside {@code buf} (a
   *     caller bug, not peer input)
   */
  public int openV2(byte[] buf, int off, int len, long nowMillis) {
    Objects.checkFromIndexSize(off, len, buf.length);
    if (len < V2_OVERHEAD) {
      return OpenFailure.TOO_SHORT.code();
    }
    if ((buf[off] & 0xFF) >>> 3 != AeadLayout.P_DATA_V2) {
      return OpenFailure.BAD_OPCODE.code();
    }
    if (len == V2_OVERHEAD) {
      return OpenFailure.EMPTY_PAYLOAD.code();
    }
    return open(buf, off, 8, off + 4, off + 8, off + V2_OVERHEAD, len - V2_OVERHEAD, nowMillis);
  }

  /**
   * Opens a P_DATA_V1 packet at {@code buf[off, off+len)}. Only the packet id is authenticated; the
   * opcode byte is not (as in the reference).
   *
   * @return plaintext length at {@code buf[off+21]}, or a negative {@link OpenFailure} code
   */
  public int openV1(byte[] buf, int off, int len, long nowMillis) {
    Objects.checkFromIndexSize(off, len, buf.length);
    if (len < V1_OVERHEAD) {
      return OpenFailure.TOO_SHORT.code();
    }
    if ((buf[off] & 0xFF) >>> 3 != AeadLayout.P_DATA_V1) {
      return OpenFailure.BAD_OPCODE.code();
    }
    if (len == V1_OVERHEAD) {
      return OpenFailure.EMPTY_PAYLOAD.code();
    }
    int pid = off + 1;
    return open(buf, pid, 4, pid, off + 5, off + V1_OVERHEAD, len - V1_OVERHEAD, nowMillis);
  }

  public CipherKind kind() {
    return engine.kind();
  }

  public ReplayWindow replayWindow() {
    return window;
  }

  /** Zeroes the key material held here; later opens return KEY_DESTROYED. Idempotent. */
  public void destroy() {
    engine.destroy();
  }

  boolean isZeroed() {
    return engine.isZeroed();
  }

  private int open(
      byte[] buf,
      int aadOff,
      int aadLen,
      int pidOff,
      int tagOff,
      int ctOff,
      int ctLen,
      long nowMillis) {
    if (engine.isDestroyed()) {
      return OpenFailure.KEY_DESTROYED.code();
    }
    long packetId = AeadLayout.getU32(buf, pidOff);
    if (!window.check(packetId, 0, nowMillis)) {
      return OpenFailure.REPLAY.code();
    }
    int n = engine.open(buf, aadOff, aadLen, pidOff, ctOff, ctLen, tagOff);
    if (n < 0) {
      return n;
    }
    window.update(packetId, 0, nowMillis);
    return ctLen;
  }
}
