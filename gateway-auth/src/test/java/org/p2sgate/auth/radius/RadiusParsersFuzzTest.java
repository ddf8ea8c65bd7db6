package org.p2sgate.auth.radius;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The RADIUS code written by hand (what aaa4j-radius does not do) under coverage-guided fuzzing:
 * the OpenVPN challenge answers a client types, and vendor-specific attribute bodies a server
 * sends. Each must be total: any input gives a value, never an exception. In {@code mvn verify}
 * these run their seeds; {@code scripts/fuzz.sh} fuzzes each for a bounded time.
 */
class RadiusParsersFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void challengeAnswersNeverThrowAndDynamicOnesRoundTrip(FuzzedDataProvider data) {
    String field = data.consumeRemainingAsString();
    ChallengeAnswer a = ChallengeAnswer.parse(field);
    switch (a) {
      case ChallengeAnswer.Dynamic d -> {
        assertTrue(d.state().length <= ChallengeAnswer.MAX_STATE_BYTES);
        assertTrue(field.startsWith("CRV1::") && field.endsWith("::" + d.response()));
        // the canonical form of the same answer reads back the same
        String canonical = "CRV1::" + HexFormat.of().formatHex(d.state()) + "::" + d.response();
        ChallengeAnswer.Dynamic again = (ChallengeAnswer.Dynamic) ChallengeAnswer.parse(canonical);
        assertArrayEquals(d.state(), again.state());
        assertEquals(d.response(), again.response());
      }
      case ChallengeAnswer.Static s -> assertTrue(field.startsWith("SCRV1:"));
      case ChallengeAnswer.Plain p -> assertEquals(field, p.password());
    }
  }

  @FuzzTest(maxDuration = "20s")
  void vendorAttributeBodiesAreParsedTotally(FuzzedDataProvider data) {
    int vendorId = data.consumeInt();
    int type = data.consumeInt(0, 255);
    byte[] body = data.consumeRemainingAsBytes();
    Optional<byte[]> found = RadiusAttributes.rawVendor(body, vendorId, type);
    found.ifPresent(
        v ->
            assertTrue(v.length <= body.length - 6, "a value lies inside the body, after headers"));
  }

  @FuzzTest(maxDuration = "20s")
  void msChapV2HandlesAnyUserAndPassword(FuzzedDataProvider data) {
    byte[] peer = data.consumeBytes(16);
    byte[] auth = data.consumeBytes(16);
    String user = data.consumeString(300);
    String password = data.consumeRemainingAsString();
    if (peer.length != 16 || auth.length != 16) {
      return;
    }
    byte[] nt = MsChapV2.generateNtResponse(auth, peer, user, password);
    assertEquals(24, nt.length);
    assertArrayEquals(nt, MsChapV2.generateNtResponse(auth, peer, user, password));
  }
}
