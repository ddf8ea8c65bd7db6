package org.p2sgate.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.keyexchange.Key2;
import org.p2sgate.core.keyexchange.KeyDerivation;

/**
 * The test client's own legacy PRF (RFC 2246 PRF with OpenVPN's labels, wire doc 6.2) against the
 * gateway's {@link KeyDerivation#prf} (built on bctls): they must agree, or one of them is wrong.
 */
class LegacyPrfCrossCheckTest {
  @Test
  void rfc2246PrfMatchesAKnownVector() {
    // TLS 1.0/1.1 PRF test vector (secret 48 x 0xab, label "PRF Testvector", seed 64 x 0xcd)
    byte[] secret = new byte[48];
    Arrays.fill(secret, (byte) 0xab);
    byte[] seed = new byte[64];
    Arrays.fill(seed, (byte) 0xcd);
    byte[] out = ClientKeyMethod2.prf(secret, "PRF Testvector", seed, 104);
    assertArrayEquals(
        HexFormat.of()
            .parseHex(
                "d3d4d1e349b5d515044666d51de32bab258cb521b6b053463e354832fd976754"
                    + "443bcf9a296519bc289abcbc1187e4ebd31e602353776c408aafb74cbc85eff6"
                    + "9255f9788faa184cbb957a9819d84a5d7eb006eb459d3ae8de9810454b8b2d8f"
                    + "1afbc655a8c9a013"),
        out);
  }

  @Test
  void clientAndGatewayDeriveTheSameKeyBlock() {
    Random rnd = new Random(99);
    for (int i = 0; i < 20; i++) {
      ClientKeyMethod2 km = new ClientKeyMethod2(rnd);
      km.serverRandom1 = new byte[32];
      km.serverRandom2 = new byte[32];
      rnd.nextBytes(km.serverRandom1);
      rnd.nextBytes(km.serverRandom2);
      long clientSid = rnd.nextLong();
      long serverSid = rnd.nextLong();
      byte[] ours = km.prfKeyBlock(clientSid, serverSid);
      Key2 theirs =
          KeyDerivation.prf(
              km.preMaster,
              km.random1,
              km.serverRandom1,
              km.random2,
              km.serverRandom2,
              clientSid,
              serverSid);
      assertArrayEquals(Arrays.copyOfRange(ours, 0, 32), theirs.clientToServerCipher(32));
      assertArrayEquals(Arrays.copyOfRange(ours, 64, 72), theirs.clientToServerIv());
      assertArrayEquals(Arrays.copyOfRange(ours, 128, 160), theirs.serverToClientCipher(32));
      assertArrayEquals(Arrays.copyOfRange(ours, 192, 200), theirs.serverToClientIv());
    }
  }
}
