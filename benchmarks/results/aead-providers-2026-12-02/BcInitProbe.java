import java.lang.management.ManagementFactory;
import org.bouncycastle.crypto.modes.*;
import org.bouncycastle.crypto.engines.*;
import org.bouncycastle.crypto.params.*;
import org.bouncycastle.crypto.*;

/**
 * Rough allocation probe for the BC low-level API, seal of 1420 B after 200,000 warm-up packets
 * (ThreadMXBean allocated bytes / packets; the ns are rougher than JMH's). Run from the repo root:
 * java -cp ~/.m2/.../bcprov-jdk18on-1.84.jar benchmarks/results/aead-providers-2026-12-02/BcInitProbe.java
 */
public class BcInitProbe {
  static com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  interface Op { void run(int i) throws Exception; }
  static void measure(String name, Op op) throws Exception {
    for (int i = 0; i < 200000; i++) op.run(i);
    long t = Thread.currentThread().threadId();
    long a0 = mx.getThreadAllocatedBytes(t); long n0 = System.nanoTime();
    int N = 200000;
    for (int i = 0; i < N; i++) op.run(200000 + i);
    long a1 = mx.getThreadAllocatedBytes(t); long n1 = System.nanoTime();
    System.out.printf("%-40s %6d B/op %6d ns/op%n", name, (a1 - a0) / N, (n1 - n0) / N);
  }
  public static void main(String[] a) throws Exception {
    int size = 1420;
    byte[] key = new byte[32]; byte[] buf = new byte[8 + size + 16]; byte[] out = new byte[8 + size + 16];
    byte[] nonce = new byte[12];
    GCMModeCipher g = GCMBlockCipher.newInstance(AESEngine.newInstance());
    System.out.println("AESEngine.newInstance() -> " + AESEngine.newInstance().getClass() + " " + AESEngine.newInstance().getAlgorithmName());
    g.init(true, new AEADParameters(new KeyParameter(key), 128, new byte[]{9,9,9,9,9,9,9,9,9,9,9,9}));
    measure("gcm AEADParameters in place", i -> { nonce[0]=(byte)i; nonce[1]=(byte)(i>>8); nonce[2]=(byte)(i>>16); nonce[3]=(byte)(i>>24);
      g.init(true, new AEADParameters(null, 128, nonce)); g.processAADBytes(buf,0,8); int n = g.processBytes(buf,8,size,buf,8); g.doFinal(buf,8+n);});
    GCMModeCipher g2 = GCMBlockCipher.newInstance(AESEngine.newInstance());
    g2.init(true, new AEADParameters(new KeyParameter(key), 128, new byte[]{9,9,9,9,9,9,9,9,9,9,9,9}));
    measure("gcm ParametersWithIV in place", i -> { nonce[0]=(byte)i; nonce[1]=(byte)(i>>8); nonce[2]=(byte)(i>>16); nonce[3]=(byte)(i>>24);
      g2.init(true, new ParametersWithIV(null, nonce)); g2.processAADBytes(buf,0,8); int n = g2.processBytes(buf,8,size,buf,8); g2.doFinal(buf,8+n);});
    GCMModeCipher g3 = GCMBlockCipher.newInstance(AESEngine.newInstance());
    g3.init(true, new AEADParameters(new KeyParameter(key), 128, new byte[]{9,9,9,9,9,9,9,9,9,9,9,9}));
    measure("gcm ParametersWithIV out of place", i -> { nonce[0]=(byte)i; nonce[1]=(byte)(i>>8); nonce[2]=(byte)(i>>16); nonce[3]=(byte)(i>>24);
      g3.init(true, new ParametersWithIV(null, nonce)); g3.processAADBytes(buf,0,8); int n = g3.processBytes(buf,8,size,out,8); g3.doFinal(out,8+n);});
    GCMModeCipher g4 = GCMBlockCipher.newInstance(AESEngine.newInstance());
    KeyParameter kp = new KeyParameter(key);
    measure("gcm rekey each packet in place", i -> { nonce[0]=(byte)i; nonce[1]=(byte)(i>>8); nonce[2]=(byte)(i>>16); nonce[3]=(byte)(i>>24);
      g4.init(true, new AEADParameters(kp, 128, nonce)); g4.processAADBytes(buf,0,8); int n = g4.processBytes(buf,8,size,buf,8); g4.doFinal(buf,8+n);});
    ChaCha20Poly1305 c = new ChaCha20Poly1305();
    c.init(true, new ParametersWithIV(new KeyParameter(key), new byte[]{9,9,9,9,9,9,9,9,9,9,9,9}));
    measure("chacha ParametersWithIV in place", i -> { nonce[0]=(byte)i; nonce[1]=(byte)(i>>8); nonce[2]=(byte)(i>>16); nonce[3]=(byte)(i>>24);
      c.init(true, new ParametersWithIV(null, nonce)); c.processAADBytes(buf,0,8); int n = c.processBytes(buf,8,size,buf,8); c.doFinal(buf,8+n);});
    ChaCha20Poly1305 c2 = new ChaCha20Poly1305();
    c2.init(true, new ParametersWithIV(new KeyParameter(key), new byte[]{9,9,9,9,9,9,9,9,9,9,9,9}));
    measure("chacha AEADParameters in place", i -> { nonce[0]=(byte)i; nonce[1]=(byte)(i>>8); nonce[2]=(byte)(i>>16); nonce[3]=(byte)(i>>24);
      c2.init(true, new AEADParameters(null, 128, nonce)); c2.processAADBytes(buf,0,8); int n = c2.processBytes(buf,8,size,buf,8); c2.doFinal(buf,8+n);});
    ChaCha20Poly1305 c3 = new ChaCha20Poly1305();
    c3.init(true, new ParametersWithIV(new KeyParameter(key), new byte[]{9,9,9,9,9,9,9,9,9,9,9,9}));
    measure("chacha ParametersWithIV out of place", i -> { nonce[0]=(byte)i; nonce[1]=(byte)(i>>8); nonce[2]=(byte)(i>>16); nonce[3]=(byte)(i>>24);
      c3.init(true, new ParametersWithIV(null, nonce)); c3.processAADBytes(buf,0,8); int n = c3.processBytes(buf,8,size,out,8); c3.doFinal(out,8+n);});
  }
}
