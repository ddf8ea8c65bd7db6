package org.p2sgate.bench.crypto;

import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.p2sgate.bench.AbstractBenchmark;

/**
 * One AEAD seal or open per operation, in place, OpenVPN data-channel style, with the SunJCE {@link
 * Cipher} ({@code provider=jce}, re-initialised per packet as gateway-core does) against the
 * BouncyCastle low-level API ({@code provider=bc}: {@link GCMBlockCipher} over {@code
 * AESEngine.newInstance()}, {@link ChaCha20Poly1305}), re-initialised per packet with the new nonce
 * and a {@code null} key so that BC keeps its key schedule (and GHASH table) from set-up.
 *
 * <p>Buffer: {@code [opcode/peer-id 4][packet id 4][payload size][tag 16]}. AAD = the first 8
 * bytes; nonce = packet id (4) || implicit IV (8); one doFinal over ciphertext||tag on open. The
 * open benchmark first copies a sealed packet into the buffer (opening in place destroys it): see
 * {@link #copyOnly} for that copy alone.
 *
 * <p>Set-up fails unless both providers produce byte-identical packets for the same
 * key/nonce/AAD/plaintext and each opens the other's packets.
 */
@State(Scope.Thread)
public class AeadProviderBenchmark extends AbstractBenchmark {
  private static final int HEADER = 8;
  private static final int TAG = 16;
  private static final int NONCE = 12;

  @Param({"AES-128-GCM", "AES-256-GCM", "CHACHA20-POLY1305"})
  public String cipher;

  @Param({"64", "512", "1420"})
  public int size;

  @Param({"jce", "bc"})
  public String provider;

  private Aead sealer;
  private Aead opener;
  private byte[] buf;
  private byte[] sealed;
  private int packetId;

  /** Fresh objects and keys per iteration, so that packet ids (nonces) never repeat. */
  @Setup(Level.Iteration)
  public void setUp() throws Exception {
    Random rnd = new Random(1);
    byte[] key = new byte[cipher.equals("AES-128-GCM") ? 16 : 32];
    byte[] implicitIv = new byte[NONCE - 4];
    rnd.nextBytes(key);
    rnd.nextBytes(implicitIv);
    byte[] plain = new byte[HEADER + size + TAG];
    rnd.nextBytes(plain);
    plain[0] = 0x48; // P_DATA_V2, key id 0; then a 3-byte peer id

    crossCheck(key, implicitIv, plain);

    sealer = create(provider, true, key, implicitIv);
    opener = create(provider, false, key, implicitIv);
    // The packet the open benchmark opens, sealed with packet id 1 by a throwaway sealer.
    sealed = plain.clone();
    create(provider, true, key, implicitIv).seal(sealed, 1, size);
    packetId = 1;
    buf = plain.clone();
  }

  @Benchmark
  public int seal() throws Exception {
    return sealer.seal(buf, ++packetId, size);
  }

  @Benchmark
  public int open() throws Exception {
    System.arraycopy(sealed, 0, buf, 0, sealed.length);
    return opener.open(buf, size + TAG);
  }

  /** The copy that {@link #open} makes before opening, alone. */
  @Benchmark
  public byte[] copyOnly() {
    System.arraycopy(sealed, 0, buf, 0, sealed.length);
    return buf;
  }

  /**
   * For packet ids 7 and 8: JCE and BC seal the same plaintext to the same bytes, and each opens
   * the other's packet back to the plaintext. Separate objects: both refuse to encrypt twice with
   * one key and nonce.
   */
  private void crossCheck(byte[] key, byte[] implicitIv, byte[] plain) throws Exception {
    byte[] byJce = plain.clone();
    byte[] byBc = plain.clone();
    int lenJce = create("jce", true, key, implicitIv).seal(byJce, 7, size);
    int lenBc = create("bc", true, key, implicitIv).seal(byBc, 7, size);
    if (lenJce != size + TAG || lenBc != size + TAG || !Arrays.equals(byJce, byBc)) {
      throw new IllegalStateException(cipher + " " + size + ": JCE and BC ciphertexts differ");
    }
    if (Arrays.equals(byJce, plain)) {
      throw new IllegalStateException(cipher + " " + size + ": seal did not encrypt");
    }
    create("bc", false, key, implicitIv).open(byJce, size + TAG);
    check(byJce, plain, "BC opening JCE's packet");

    byte[] second = plain.clone();
    create("bc", true, key, implicitIv).seal(second, 8, size);
    create("jce", false, key, implicitIv).open(second, size + TAG);
    check(second, plain, "JCE opening BC's packet");

    // A flipped tag bit must fail with both.
    for (String p : new String[] {"jce", "bc"}) {
      byte[] bad = plain.clone();
      create(p, true, key, implicitIv).seal(bad, 9, size);
      bad[HEADER + size + TAG - 1] ^= 1;
      boolean failed = false;
      try {
        create(p, false, key, implicitIv).open(bad, size + TAG);
      } catch (GeneralSecurityException | InvalidCipherTextException e) {
        failed = true;
      }
      if (!failed) {
        throw new IllegalStateException(cipher + " " + p + ": a bad tag was accepted");
      }
    }
  }

  private void check(byte[] opened, byte[] plain, String what) {
    // The header now carries the packet id; the payload must be back to the plaintext.
    if (!Arrays.equals(opened, HEADER, HEADER + size, plain, HEADER, HEADER + size)) {
      throw new IllegalStateException(cipher + " " + size + ": " + what + " gave wrong plaintext");
    }
  }

  private Aead create(String which, boolean seal, byte[] key, byte[] implicitIv) throws Exception {
    boolean chacha = cipher.equals("CHACHA20-POLY1305");
    return switch (which) {
      case "jce" -> new JceAead(chacha, seal, key, implicitIv);
      case "bc" -> new BcAead(chacha, seal, key, implicitIv);
      default -> throw new IllegalArgumentException("unknown provider " + which);
    };
  }

  /** Seal or open one packet in place; the packet starts at offset 0. */
  private interface Aead {
    /** Writes the packet id, encrypts {@code [8, 8+len)} and appends the tag; returns len + 16. */
    int seal(byte[] buf, int packetId, int len) throws Exception;

    /**
     * Verifies and decrypts {@code [8, 8+ctLen)} (ciphertext||tag); returns the plaintext length.
     */
    int open(byte[] buf, int ctLen) throws Exception;
  }

  /** Writes the packet id into the header and the nonce (packet id || implicit IV). */
  private static void packetId(byte[] buf, byte[] nonce, int id) {
    buf[4] = nonce[0] = (byte) (id >>> 24);
    buf[5] = nonce[1] = (byte) (id >>> 16);
    buf[6] = nonce[2] = (byte) (id >>> 8);
    buf[7] = nonce[3] = (byte) id;
  }

  private static byte[] nonceWith(byte[] implicitIv) {
    byte[] nonce = new byte[NONCE];
    System.arraycopy(implicitIv, 0, nonce, 4, implicitIv.length);
    return nonce;
  }

  /** SunJCE, as gateway-core's AeadEngine: {@code Cipher.init} with a new spec per packet. */
  private static final class JceAead implements Aead {
    private final boolean chacha;
    private final Cipher c;
    private final SecretKeySpec key;
    private final byte[] nonce;

    JceAead(boolean chacha, boolean seal, byte[] key, byte[] implicitIv) throws Exception {
      this.chacha = chacha;
      this.c = Cipher.getInstance(chacha ? "ChaCha20-Poly1305" : "AES/GCM/NoPadding", "SunJCE");
      this.key = new SecretKeySpec(key, chacha ? "ChaCha20" : "AES");
      this.nonce = nonceWith(implicitIv);
    }

    private AlgorithmParameterSpec spec() {
      return chacha ? new IvParameterSpec(nonce) : new GCMParameterSpec(TAG * 8, nonce);
    }

    @Override
    public int seal(byte[] buf, int id, int len) throws Exception {
      packetId(buf, nonce, id);
      c.init(Cipher.ENCRYPT_MODE, key, spec());
      c.updateAAD(buf, 0, HEADER);
      return c.doFinal(buf, HEADER, len, buf, HEADER);
    }

    @Override
    public int open(byte[] buf, int ctLen) throws Exception {
      System.arraycopy(buf, 4, nonce, 0, 4);
      c.init(Cipher.DECRYPT_MODE, key, spec());
      c.updateAAD(buf, 0, HEADER);
      return c.doFinal(buf, HEADER, ctLen, buf, HEADER);
    }
  }

  /**
   * BouncyCastle low-level API. Keyed once in the constructor; per packet {@code init} gets a
   * {@code ParametersWithIV(null, nonce)}: a null key keeps the AES key schedule and GHASH table
   * (GCM) or the ChaCha20 key (ChaCha20-Poly1305). {@code ParametersWithIV} rather than {@code
   * AEADParameters}: the same for a 128-bit tag, and it does not clone nonce and AAD.
   */
  private static final class BcAead implements Aead {
    private final AEADCipher c;
    private final byte[] nonce;

    BcAead(boolean chacha, boolean seal, byte[] key, byte[] implicitIv) {
      this.c =
          chacha ? new ChaCha20Poly1305() : GCMBlockCipher.newInstance(AESEngine.newInstance());
      this.nonce = nonceWith(implicitIv);
      // Key once, under a nonce outside the packet-id space (packet id 0 is never sent).
      c.init(seal, new ParametersWithIV(new KeyParameter(key), nonceWith(new byte[8])));
    }

    @Override
    public int seal(byte[] buf, int id, int len) throws InvalidCipherTextException {
      packetId(buf, nonce, id);
      c.init(true, new ParametersWithIV(null, nonce));
      c.processAADBytes(buf, 0, HEADER);
      int n = c.processBytes(buf, HEADER, len, buf, HEADER);
      return n + c.doFinal(buf, HEADER + n);
    }

    @Override
    public int open(byte[] buf, int ctLen) throws InvalidCipherTextException {
      System.arraycopy(buf, 4, nonce, 0, 4);
      c.init(false, new ParametersWithIV(null, nonce));
      c.processAADBytes(buf, 0, HEADER);
      int n = c.processBytes(buf, HEADER, ctLen, buf, HEADER);
      return n + c.doFinal(buf, HEADER + n);
    }
  }
}
