package org.p2sgate.core.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of key method 2 for one key state (wire doc 5.3, 6): writes the client's message
 * (pre-master, two randoms, options, empty username/password, peer-info), reads the server's, and
 * derives the 256-byte key2 block by tls-ekm or by the legacy PRF.
 *
 * <p>The PRF is implemented here from RFC 2246 section 5 and wire doc 6.2 with the JCE's HmacMD5
 * and HmacSHA1, independently of the gateway's {@code KeyDerivation}, so that a mistake there shows
 * up as a failed tunnel instead of cancelling out.
 */
final class ClientKeyMethod2 {
  static final int PRE_MASTER = 48;
  static final int RANDOM = 32;

  /** {@code KEY_METHOD_MASK} in ssl.h. */
  static final int KEY_METHOD_MASK = 0x0f;

  final byte[] preMaster = new byte[PRE_MASTER];
  final byte[] random1 = new byte[RANDOM];
  final byte[] random2 = new byte[RANDOM];
  byte[] serverRandom1;
  byte[] serverRandom2;
  String serverOptions;
  String serverUsername;
  String serverPassword;
  String serverPeerInfo;

  /** Length of the server's message as it was read. */
  int serverMessageLength;

  ClientKeyMethod2(Random random) {
    random.nextBytes(preMaster);
    random.nextBytes(random1);
    random.nextBytes(random2);
  }

  /** The client's message: {@code u32 0 || u8 2 || pre_master || random1 || random2 || strings}. */
  byte[] encode(String options, String peerInfo) {
    return encode(options, "", "", peerInfo);
  }

  /** With a username and password, as a client with {@code auth-user-pass} sends them. */
  byte[] encode(String options, String username, String password, String peerInfo) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0, 0, 0, 0, 2});
    out.writeBytes(preMaster);
    out.writeBytes(random1);
    out.writeBytes(random2);
    writeString(out, options);
    if (username.isEmpty()) {
      out.writeBytes(new byte[] {0, 0}); // no username: write_empty_string, u16 0
      out.writeBytes(new byte[] {0, 0}); // no password
    } else {
      writeString(out, username);
      writeString(out, password);
    }
    writeString(out, peerInfo);
    return out.toByteArray();
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    int len = b.length + 1;
    out.write(len >>> 8);
    out.write(len);
    out.writeBytes(b);
    out.write(0);
  }

  /** Why the server's message was refused, in the reference's words. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /**
   * Reads the server's message from the start of {@code buf}, as the reference's {@code
   * key_method_2_read} does on a client: the first word is skipped unchecked, the low 4 bits of the
   * next byte must be 2, then two randoms and a non-empty options string. The gateway always sends
   * the username, password and peer-info lengths too (wire doc 5.3), so all four are required here.
   *
   * @return the number of bytes the message used, or 0 if more bytes are needed
   * @throws Refused if the bytes are not a key-method-2 message
   */
  int parseServer(byte[] buf, int len) throws Refused {
    ByteBuffer bb = ByteBuffer.wrap(buf, 0, len);
    if (bb.remaining() < 5) {
      return 0;
    }
    bb.getInt(); // discarded unchecked, as buf_advance(buf, 4) in the reference
    int flags = bb.get() & 0xff;
    if ((flags & KEY_METHOD_MASK) != 2) {
      throw new Refused(
          "TLS ERROR: Unknown key_method/flags=" + flags + " received from remote host");
    }
    if (bb.remaining() < 2 * RANDOM) {
      return 0;
    }
    byte[] r1 = new byte[RANDOM];
    byte[] r2 = new byte[RANDOM];
    bb.get(r1).get(r2);
    String[] strings = new String[4];
    for (int i = 0; i < 4; i++) {
      if (bb.remaining() < 2) {
        return 0;
      }
      int l = bb.getShort() & 0xffff;
      if (bb.remaining() < l) {
        return 0;
      }
      if (i == 0 && l < 1) {
        throw new Refused("TLS Error: Failed to read required OCC options string");
      }
      byte[] raw = new byte[l];
      bb.get(raw);
      if (l > 0 && raw[l - 1] != 0) {
        throw new Refused("string " + i + " of the server's key-method-2 message lacks its NUL");
      }
      strings[i] = new String(raw, 0, Math.max(0, l - 1), StandardCharsets.US_ASCII);
    }
    serverRandom1 = r1;
    serverRandom2 = r2;
    serverOptions = strings[0];
    serverUsername = strings[1];
    serverPassword = strings[2];
    serverPeerInfo = strings[3];
    serverMessageLength = bb.position();
    return serverMessageLength;
  }

  /**
   * The legacy OpenVPN PRF key block (wire doc 6.2).
   *
   * @param clientSid the client's control-channel session id
   * @param serverSid the server's control-channel session id
   */
  byte[] prfKeyBlock(long clientSid, long serverSid) {
    byte[] master = prf(preMaster, "OpenVPN master secret", concat(random1, serverRandom1), 48);
    byte[] seed2 =
        ByteBuffer.allocate(2 * RANDOM + 16)
            .put(random2)
            .put(serverRandom2)
            .putLong(clientSid)
            .putLong(serverSid)
            .array();
    byte[] block = prf(master, "OpenVPN key expansion", seed2, 256);
    Arrays.fill(master, (byte) 0);
    return block;
  }

  /** The TLS 1.0 PRF: {@code P_MD5(S1, label || seed) XOR P_SHA1(S2, label || seed)}. */
  static byte[] prf(byte[] secret, String label, byte[] seed, int len) {
    byte[] labelSeed = concat(label.getBytes(StandardCharsets.US_ASCII), seed);
    int half = (secret.length + 1) / 2;
    byte[] s1 = Arrays.copyOfRange(secret, 0, half);
    byte[] s2 = Arrays.copyOfRange(secret, secret.length - half, secret.length);
    byte[] md5 = pHash("HmacMD5", s1, labelSeed, len);
    byte[] sha1 = pHash("HmacSHA1", s2, labelSeed, len);
    for (int i = 0; i < len; i++) {
      md5[i] ^= sha1[i];
    }
    return md5;
  }

  /** {@code P_hash(K, seed) = HMAC(K, A1 || seed) || HMAC(K, A2 || seed) || ...}, A0 = seed. */
  private static byte[] pHash(String alg, byte[] key, byte[] seed, int len) {
    try {
      Mac mac = Mac.getInstance(alg);
      mac.init(new SecretKeySpec(key, alg));
      byte[] out = new byte[len];
      byte[] a = seed;
      int pos = 0;
      while (pos < len) {
        a = mac.doFinal(a);
        mac.update(a);
        byte[] chunk = mac.doFinal(seed);
        int n = Math.min(chunk.length, len - pos);
        System.arraycopy(chunk, 0, out, pos, n);
        pos += n;
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(alg + " unavailable", e);
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  void wipe() {
    Arrays.fill(preMaster, (byte) 0);
    Arrays.fill(random1, (byte) 0);
    Arrays.fill(random2, (byte) 0);
  }
}
