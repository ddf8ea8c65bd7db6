package org.p2sgate.bench.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.p2sgate.core.crypto.Aeads;
import org.p2sgate.core.crypto.CipherKind;
import org.p2sgate.core.crypto.DataOpener;
import org.p2sgate.core.crypto.DataSealer;
import org.p2sgate.core.crypto.ReplayWindow;

/**
 * The process memory (RSS) one session's data-channel keys cost: 10,000 sealer and opener pairs
 * kept alive, RSS before and after (decision 34: OpenSSL's contexts live outside the heap). Run
 * with a pre-touched heap so that heap growth does not count, once per implementation:
 *
 * <pre>
 * java -Xms512m -Xmx512m -XX:+AlwaysPreTouch --enable-native-access=ALL-UNNAMED \
 *   -Dp2sgate.aead=openssl -cp benchmarks/target/benchmarks.jar \
 *   org.p2sgate.bench.crypto.AeadMemoryProbe          (and -Dp2sgate.aead=jce)
 * </pre>
 */
public final class AeadMemoryProbe {
  private static final int PAIRS = 10_000;

  private AeadMemoryProbe() {}

  public static void main(String[] args) throws IOException {
    byte[] key = new byte[32];
    byte[] iv = new byte[8];
    byte[] buf = new byte[2_000];
    Object[] kept = new Object[2 * PAIRS];
    System.gc();
    long before = rssKib();
    for (int i = 0; i < PAIRS; i++) {
      DataSealer sealer = new DataSealer(CipherKind.AES_256_GCM, key, iv);
      sealer.sealV2(buf, 0, 100, 0, 0);
      kept[2 * i] = sealer;
      kept[2 * i + 1] = new DataOpener(CipherKind.AES_256_GCM, key, iv, new ReplayWindow(64, 15));
    }
    System.gc();
    long after = rssKib();
    System.out.printf(
        "%s: %.1f KiB of RSS per sealer and opener pair (%d pairs kept: %d)%n",
        Aeads.describe(), (after - before) / (double) PAIRS, PAIRS, kept.length / 2);
  }

  private static long rssKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IOException("no VmRSS in /proc/self/status");
  }
}
