package org.p2sgate.core.crypto;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Objects;

/**
 * {@link Aead} on OpenSSL's libcrypto through the FFM API (decision 34): one {@code EVP_CIPHER_CTX}
 * keyed once, re-initialised per packet with the nonce only. Nothing is allocated per packet: the
 * packet is copied into a native staging area of the calling thread, sealed or opened there and
 * copied back (two copies of at most 64 KiB, cheaper than the JCE's per-packet engine). On open,
 * plaintext reaches the caller's buffer only after the tag verified.
 *
 * <p>Compiled for Java 22 into {@code META-INF/versions/22}; {@link Aeads} finds it by name.
 */
final class OpenSslAead implements Aead {
  private static final int MAX_LEN = AeadLayout.MAX_PAYLOAD;
  private static final int AAD_MAX = 64;
  private static final MemorySegment NULL = MemorySegment.NULL;

  private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
  private static final int TAG = AeadLayout.TAG_LENGTH;
  private static final int PID = AeadLayout.PACKET_ID_LENGTH;
  private static final Cleaner CLEANER = Cleaner.create();
  private static final ThreadLocal<Staging> STAGING = ThreadLocal.withInitial(Staging::new);

  /** Per thread: the nonce, tag, length, AAD and payload areas the calls read and write. */
  private static final class Staging {
    final MemorySegment all = Arena.ofAuto().allocate(256L + MAX_LEN, 64);
    final MemorySegment nonce = all.asSlice(0, AeadLayout.NONCE_LENGTH);
    final MemorySegment tag = all.asSlice(16, TAG);
    final MemorySegment outLen = all.asSlice(32, 4);
    final MemorySegment aad = all.asSlice(64, AAD_MAX);
    final MemorySegment data = all.asSlice(256, MAX_LEN);
  }

  /** The native context; freed by {@link #destroy()} or, if that never came, by the cleaner. */
  private static final class Context implements Runnable {
    private MemorySegment ctx;

    Context(MemorySegment ctx) {
      this.ctx = ctx;
    }

    @Override
    public synchronized void run() {
      if (ctx != null) {
        try {
          LibCrypto.CTX_FREE.invokeExact(ctx);
        } catch (Throwable t) {
          // nothing to do: the process goes on without this context
        }
        ctx = null;
      }
    }
  }

  private final CipherKind kind;
  private final byte[] implicitIv = new byte[AeadLayout.IMPLICIT_IV_LENGTH];
  private final Context context;
  private final Cleaner.Cleanable cleanable;
  private final MemorySegment ctx;

  /** The staging area this engine last used (its nonce is zeroed on destroy). */
  private Staging staged;

  private boolean destroyed;

  private OpenSslAead(CipherKind kind, byte[] cipherKey, byte[] iv) {
    Aead.checkKeys(kind, cipherKey, iv);
    this.kind = kind;
    System.arraycopy(iv, 0, implicitIv, 0, implicitIv.length);
    MemorySegment c;
    try {
      c = (MemorySegment) LibCrypto.CTX_NEW.invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException("EVP_CIPHER_CTX_new failed", t);
    }
    if (c.equals(NULL)) {
      throw new IllegalStateException("EVP_CIPHER_CTX_new returned NULL (out of memory)");
    }
    this.ctx = c;
    this.context = new Context(c);
    this.cleanable = CLEANER.register(this, context);
    MemorySegment key = STAGING.get().data.asSlice(0, cipherKey.length);
    MemorySegment.copy(cipherKey, 0, key, BYTE, 0, cipherKey.length);
    int ok;
    try {
      ok = (int) LibCrypto.INIT.invokeExact(c, LibCrypto.cipherOf(kind), NULL, key, NULL, 1);
    } catch (Throwable t) {
      ok = 0;
    } finally {
      key.fill((byte) 0);
    }
    if (ok != 1) {
      destroy();
      throw new IllegalStateException(
          "EVP_CipherInit_ex refused the " + kind.openvpnName() + " key");
    }
  }

  /** The factory {@link Aeads} uses; fails with the reason if libcrypto or the self-test fails. */
  static Aead.Factory factory() {
    String version;
    try {
      version = LibCrypto.VERSION;
    } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
      // the first failure carries the cause; later ones only say the class is unusable
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException(cause.getMessage(), cause);
    }
    for (CipherKind kind : CipherKind.values()) {
      selfTest(kind);
    }
    String description = version + " through the FFM API";
    return new Aead.Factory() {
      @Override
      public Aead create(CipherKind kind, byte[] cipherKey, byte[] implicitIv) {
        return new OpenSslAead(kind, cipherKey, implicitIv);
      }

      @Override
      public String describe() {
        return description;
      }
    };
  }

  /** Seals with OpenSSL and SunJCE: the same bytes, and OpenSSL opens SunJCE's packet. */
  private static void selfTest(CipherKind kind) {
    byte[] key = new byte[kind.keyLength()];
    byte[] iv = new byte[AeadLayout.IMPLICIT_IV_LENGTH];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i * 7 + 1);
    }
    Arrays.fill(iv, (byte) 0x5a);
    int head = AeadLayout.V2_OVERHEAD; // as P_DATA_V2: AAD [0, 8) with the packet id at 4, tag at 8
    byte[] a = new byte[head + 100 + TAG];
    for (int i = 0; i < a.length; i++) {
      a[i] = (byte) i;
    }
    byte[] b = a.clone();
    Aead ours = new OpenSslAead(kind, key, iv);
    Aead jce = JceAead.FACTORY.create(kind, key, iv);
    try {
      ours.seal(a, 0, 8, 4, head, 100, 8);
      jce.seal(b, 0, 8, 4, head, 100, 8);
      if (!Arrays.equals(a, 0, head + 100, b, 0, head + 100)
          || ours.open(b, 0, 8, 4, head, 100, 8) != 100) {
        throw new IllegalStateException(kind.openvpnName() + " differs from SunJCE's");
      }
    } finally {
      ours.destroy();
      jce.destroy();
    }
  }

  @Override
  public CipherKind kind() {
    return kind;
  }

  @Override
  public void seal(byte[] buf, int aadOff, int aadLen, int pidOff, int ctOff, int len, int tagOff) {
    if (len > MAX_LEN || aadLen > AAD_MAX) {
      throw new IllegalArgumentException("cannot seal " + len + " bytes (at most " + MAX_LEN + ")");
    }
    Staging s = stage(buf, aadOff, aadLen, pidOff, ctOff, len);
    boolean ok;
    try {
      ok =
          init(s.nonce, 1) == 1
              && update(NULL, s, s.aad, aadLen) == 1
              && update(s.data, s, s.data, len) == 1
              && s.outLen.get(INT, 0) == len
              && (int) LibCrypto.FINAL.invokeExact(ctx, s.data, s.outLen) == 1
              && (int) LibCrypto.CTRL.invokeExact(ctx, LibCrypto.CTRL_GET_TAG, TAG, s.tag) == 1;
    } catch (Throwable t) {
      throw new IllegalStateException("OpenSSL seal failed", t);
    }
    if (!ok) {
      throw new IllegalStateException("OpenSSL seal failed");
    }
    MemorySegment.copy(s.data, BYTE, 0, buf, ctOff, len);
    MemorySegment.copy(s.tag, BYTE, 0, buf, tagOff, TAG);
  }

  @Override
  public int open(byte[] buf, int aadOff, int aadLen, int pidOff, int ctOff, int len, int tagOff) {
    if (len > MAX_LEN || aadLen > AAD_MAX) {
      return OpenFailure.CIPHER_FAILURE.code();
    }
    Staging s = stage(buf, aadOff, aadLen, pidOff, ctOff, len);
    MemorySegment.copy(buf, tagOff, s.tag, BYTE, 0, TAG);
    try {
      if (init(s.nonce, 0) != 1
          || update(NULL, s, s.aad, aadLen) != 1
          || update(s.data, s, s.data, len) != 1
          || s.outLen.get(INT, 0) != len
          || (int) LibCrypto.CTRL.invokeExact(ctx, LibCrypto.CTRL_SET_TAG, TAG, s.tag) != 1) {
        return OpenFailure.CIPHER_FAILURE.code();
      }
      if ((int) LibCrypto.FINAL.invokeExact(ctx, s.data, s.outLen) != 1) {
        return OpenFailure.BAD_TAG.code();
      }
    } catch (Throwable t) {
      return OpenFailure.CIPHER_FAILURE.code();
    }
    // verified: only now does the plaintext reach the caller's buffer
    MemorySegment.copy(s.data, BYTE, 0, buf, ctOff, len);
    return len;
  }

  /** {@code EVP_CipherInit_ex} with the nonce only: the key stays, the direction is set. */
  private int init(MemorySegment nonce, int encrypt) throws Throwable {
    return (int) LibCrypto.INIT.invokeExact(ctx, NULL, NULL, NULL, nonce, encrypt);
  }

  /** {@code EVP_CipherUpdate}: AAD when {@code out} is NULL, else payload in place. */
  private int update(MemorySegment out, Staging s, MemorySegment in, int len) throws Throwable {
    return (int) LibCrypto.UPDATE.invokeExact(ctx, out, s.outLen, in, len);
  }

  /** Copies nonce (packet id || implicit IV), AAD and payload into this thread's staging area. */
  private Staging stage(byte[] buf, int aadOff, int aadLen, int pidOff, int ctOff, int len) {
    Objects.checkFromIndexSize(ctOff, len, buf.length);
    Staging s = STAGING.get();
    staged = s;
    MemorySegment.copy(buf, pidOff, s.nonce, BYTE, 0, PID);
    MemorySegment.copy(implicitIv, 0, s.nonce, BYTE, PID, implicitIv.length);
    MemorySegment.copy(buf, aadOff, s.aad, BYTE, 0, aadLen);
    MemorySegment.copy(buf, ctOff, s.data, BYTE, 0, len);
    return s;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  /** Frees the context (OpenSSL cleanses its key schedule) and zeroes the implicit IV. */
  @Override
  public void destroy() {
    if (destroyed) {
      return;
    }
    destroyed = true;
    Arrays.fill(implicitIv, (byte) 0);
    if (staged != null) {
      staged.nonce.fill((byte) 0);
    }
    cleanable.clean();
  }

  @Override
  public boolean isZeroed() {
    for (byte b : implicitIv) {
      if (b != 0) {
        return false;
      }
    }
    return destroyed;
  }
}
