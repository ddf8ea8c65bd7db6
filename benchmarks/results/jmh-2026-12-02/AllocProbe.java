import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bytes allocated per AEAD open of a 1420-byte payload with SunJCE, by the way the call is made
 * (in place in one array). A: update(ct) + doFinal(tag), tag before the ciphertext (the layout
 * DataOpener feeds today). B: tag moved after the ciphertext, one doFinal(ct||tag) in place.
 * C: as B, through ByteBuffer views of the same array. Also the seal, for reference. Run:
 * {@code java AllocProbe.java} (single-file source launch, no build).
 */
public class AllocProbe {
  static final com.sun.management.ThreadMXBean MX =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  public static void main(String[] a) throws Exception {
    for (String t : new String[] {"AES/GCM/NoPadding", "ChaCha20-Poly1305"}) {
      boolean gcm = t.startsWith("AES");
      SecretKeySpec key = new SecretKeySpec(new byte[gcm ? 32 : 32], gcm ? "AES" : "ChaCha20");
      Cipher enc = Cipher.getInstance(t, "SunJCE");
      Cipher dec = Cipher.getInstance(t, "SunJCE");
      int len = 1420;
      byte[] nonce = new byte[12];
      byte[] pkt = new byte[24 + len + 16];
      long[] r = new long[4];
      long[] ns = new long[4];
      int n = 200_000;
      for (int round = 0; round < 5; round++) {
        for (int mode = 0; mode < 4; mode++) {
          long before = MX.getCurrentThreadAllocatedBytes();
          long t0 = System.nanoTime();
          for (int i = 0; i < n; i++) {
            nonce[0] = (byte) i; nonce[1] = (byte) (i >> 8); nonce[2] = (byte) (i >> 16); nonce[3] = (byte) mode;
            var spec = gcm ? new GCMParameterSpec(128, nonce) : new IvParameterSpec(nonce);
            enc.init(Cipher.ENCRYPT_MODE, key, spec);
            enc.updateAAD(pkt, 0, 8);
            enc.doFinal(pkt, 24, len, pkt, 24); // ct||tag at 24
            if (mode == 3) continue; // seal only
            dec.init(Cipher.DECRYPT_MODE, key, spec);
            dec.updateAAD(pkt, 0, 8);
            if (mode == 0) {
              System.arraycopy(pkt, 24 + len, pkt, 8, 16); // tag into the header, as on the wire
              int k = dec.update(pkt, 24, len, pkt, 24);
              k += dec.doFinal(pkt, 8, 16, pkt, 24 + k);
            } else if (mode == 1) {
              dec.doFinal(pkt, 24, len + 16, pkt, 24);
            } else {
              ByteBuffer in = ByteBuffer.wrap(pkt, 24, len + 16);
              ByteBuffer out = ByteBuffer.wrap(pkt, 24, len + 16);
              dec.doFinal(in, out);
            }
          }
          ns[mode] = (System.nanoTime() - t0) / n;
          r[mode] = (MX.getCurrentThreadAllocatedBytes() - before) / n;
        }
      }
      System.out.printf(
          "%s, 1420 B, per packet (last of 5 rounds of %d): bytes allocated, ns (rough)%n"
              + "  seal only                                    %5d B %5d ns%n"
              + "  seal + open A: update(ct) + doFinal(tag)     %5d B %5d ns%n"
              + "  seal + open B: one doFinal(ct||tag) in place %5d B %5d ns%n"
              + "  seal + open C: as B with ByteBuffers         %5d B %5d ns%n",
          t, n, r[3], ns[3], r[0], ns[0], r[1], ns[1], r[2], ns[2]);
    }
  }
}
