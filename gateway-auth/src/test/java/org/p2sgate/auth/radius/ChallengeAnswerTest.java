package org.p2sgate.auth.radius;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChallengeAnswerTest {

  @Test
  void dynamicChallengeTextRoundTrips() {
    var c = new org.p2sgate.auth.AuthResult.Challenge("6f7470", "Enter your OTP", false);
    String text = ChallengeAnswer.dynamicChallenge(c, "alice");
    assertEquals("CRV1:R:6f7470:YWxpY2U=:Enter your OTP", text);
    var echo = new org.p2sgate.auth.AuthResult.Challenge("00", "Code", true);
    assertEquals("CRV1:R,E:00:Ym9i:Code", ChallengeAnswer.dynamicChallenge(echo, "bob"));
    String answer = "CRV1::" + text.split(":")[2] + "::123456";
    var d = assertInstanceOf(ChallengeAnswer.Dynamic.class, ChallengeAnswer.parse(answer));
    assertArrayEquals(new byte[] {'o', 't', 'p'}, d.state());
  }

  @Test
  void plainPassword() {
    assertEquals(new ChallengeAnswer.Plain("secret"), ChallengeAnswer.parse("secret"));
    assertEquals(new ChallengeAnswer.Plain(""), ChallengeAnswer.parse(null));
  }

  @Test
  void dynamicChallengeAnswer() {
    var d =
        assertInstanceOf(
            ChallengeAnswer.Dynamic.class, ChallengeAnswer.parse("CRV1::0a1b::123456"));
    assertArrayEquals(HexFormat.of().parseHex("0a1b"), d.state());
    assertEquals("123456", d.response());
  }

  @Test
  void dynamicResponseMayContainColons() {
    var d =
        assertInstanceOf(ChallengeAnswer.Dynamic.class, ChallengeAnswer.parse("CRV1::ff::a::b"));
    assertEquals("a::b", d.response());
  }

  @Test
  void malformedDynamicIsAPlainPassword() {
    for (String s : new String[] {"CRV1::", "CRV1::zz::1", "CRV1::abc::1", "CRV1::::1", "CRV1:x"}) {
      assertEquals(new ChallengeAnswer.Plain(s), ChallengeAnswer.parse(s), s);
    }
    String tooLong = "CRV1::" + "00".repeat(254) + "::1";
    assertEquals(new ChallengeAnswer.Plain(tooLong), ChallengeAnswer.parse(tooLong));
  }

  @Test
  void staticChallenge() {
    Base64.Encoder b64 = Base64.getEncoder();
    String field =
        "SCRV1:"
            + b64.encodeToString("pässword".getBytes(StandardCharsets.UTF_8))
            + ":"
            + b64.encodeToString("987654".getBytes(StandardCharsets.UTF_8));
    assertEquals(new ChallengeAnswer.Static("pässword", "987654"), ChallengeAnswer.parse(field));
  }

  @Test
  void malformedStaticIsAPlainPassword() {
    for (String s : new String[] {"SCRV1:", "SCRV1:a:b:c", "SCRV1:!!:AA==", "SCRV1:AA=="}) {
      assertEquals(new ChallengeAnswer.Plain(s), ChallengeAnswer.parse(s), s);
    }
  }

  @Test
  void toStringHidesSecrets() {
    assertFalse(ChallengeAnswer.parse("hunter2").toString().contains("hunter2"));
    assertFalse(ChallengeAnswer.parse("CRV1::00::424242").toString().contains("424242"));
    String scrv = "SCRV1:aHVudGVyMg==:NDI0MjQy";
    assertFalse(ChallengeAnswer.parse(scrv).toString().contains("hunter2"));
    assertFalse(ChallengeAnswer.parse(scrv).toString().contains("424242"));
  }

  /** A small fuzz: parse is total on random input that looks like either prefix. */
  @Test
  void parseIsTotal() {
    Random rnd = new Random(1234);
    String alphabet = "CRVS1:=+/aAfF0z\u00e9";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder(i % 2 == 0 ? "CRV1::" : "SCRV1:");
      int n = rnd.nextInt(40);
      for (int j = 0; j < n; j++) {
        sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      ChallengeAnswer.parse(sb.toString());
    }
  }

  @Test
  void digitsOfOtherScriptsAreNotHex() {
    // found by RadiusParsersFuzzTest: Character.digit accepts them, HexFormat then threw
    String arabicIndicOne = "\u06f1\u06f1";
    assertEquals(
        new ChallengeAnswer.Plain("CRV1::" + arabicIndicOne + "::123"),
        ChallengeAnswer.parse("CRV1::" + arabicIndicOne + "::123"));
  }
}
