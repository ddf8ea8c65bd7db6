package org.p2sgate.bench.crypto;

import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.p2sgate.bench.AbstractBenchmark;
import org.p2sgate.core.crypto.AeadLayout;
import org.p2sgate.core.crypto.CipherKind;
import org.p2sgate.core.crypto.DataOpener;
import org.p2sgate.core.crypto.DataSealer;
import org.p2sgate.core.crypto.ReplayWindow;

/**
 * In-place P_DATA_V2 seal, and seal followed by open (including the replay window), per packet size
 * and cipher. One buffer is reused: each seal encrypts what the previous open left there.
 */
@State(Scope.Thread)
public class SealOpenBenchmark extends AbstractBenchmark {
  @Param({"AES-128-GCM", "AES-256-GCM", "CHACHA20-POLY1305"})
  public String cipher;

  @Param({"64", "576", "1420", "9000"})
  public int size;

  private DataSealer sealer;
  private DataOpener opener;
  private byte[] buf;

  /** Fresh keys per iteration, so the packet-id counter can never run out. */
  @Setup(Level.Iteration)
  public void setUp() {
    CipherKind kind =
        CipherKind.fromOpenVpnName(cipher)
            .orElseThrow(() -> new IllegalArgumentException("unknown cipher " + cipher));
    Random rnd = new Random(1);
    byte[] key = new byte[kind.keyLength()];
    byte[] iv = new byte[AeadLayout.IMPLICIT_IV_LENGTH];
    rnd.nextBytes(key);
    rnd.nextBytes(iv);
    sealer = new DataSealer(kind, key, iv);
    opener = new DataOpener(kind, key, iv, new ReplayWindow());
    buf = new byte[AeadLayout.V2_OVERHEAD + size + AeadLayout.TAG_LENGTH];
    rnd.nextBytes(buf);
  }

  @TearDown(Level.Iteration)
  public void tearDown() {
    sealer.destroy();
    opener.destroy();
  }

  @Benchmark
  public int seal() {
    return check(sealer.sealV2(buf, 0, size, 0, 1));
  }

  @Benchmark
  public int sealOpen() {
    int len = check(sealer.sealV2(buf, 0, size, 0, 1));
    return check(opener.openV2(buf, 0, len, 0L));
  }

  private static int check(int result) {
    if (result < 0) {
      throw new IllegalStateException("seal/open failed: " + result);
    }
    return result;
  }
}
