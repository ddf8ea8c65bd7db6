package org.p2sgate.auth.radius;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The test vectors of RFC 2759 section 9.2. */
class MsChapV2Test {
  private static final HexFormat HEX = HexFormat.of();
  private static final String USER = "User";
  private static final String PASSWORD = "clientPass";
  private static final byte[] AUTH_CHALLENGE = HEX.parseHex("5b5d7c7d7b3f2f3e3c2c602132262628");
  private static final byte[] PEER_CHALLENGE = HEX.parseHex("21402324255e262a28295f2b3a337c7e");

  @Test
  void challengeHash() {
    assertArrayEquals(
        HEX.parseHex("d02e4386bce91226"),
        MsChapV2.challengeHash(PEER_CHALLENGE, AUTH_CHALLENGE, USER));
  }

  @Test
  void ntPasswordHash() {
    assertArrayEquals(
        HEX.parseHex("44ebba8d5312b8d611474411f56989ae"), MsChapV2.ntPasswordHash(PASSWORD));
  }

  @Test
  void passwordHashHash() {
    assertArrayEquals(
        HEX.parseHex("41c00c584bd2d91c4017a2a12fa59f3f"), MsChapV2.hashNtPasswordHash(PASSWORD));
  }

  @Test
  void ntResponse() {
    assertArrayEquals(
        HEX.parseHex("82309ecd8d708b5ea08faa3981cd83544233114a3d85d6df"),
        MsChapV2.generateNtResponse(AUTH_CHALLENGE, PEER_CHALLENGE, USER, PASSWORD));
  }

  @Test
  void authenticatorResponse() {
    byte[] nt = MsChapV2.generateNtResponse(AUTH_CHALLENGE, PEER_CHALLENGE, USER, PASSWORD);
    assertEquals(
        "S=407A5589115FD0D6209F510FE9C04566932CDA56",
        MsChapV2.generateAuthenticatorResponse(PASSWORD, nt, PEER_CHALLENGE, AUTH_CHALLENGE, USER));
    assertEquals(
        "S=407A5589115FD0D6209F510FE9C04566932CDA56",
        MsChapV2.generateAuthenticatorResponse(
            MsChapV2.hashNtPasswordHash(PASSWORD), nt, PEER_CHALLENGE, AUTH_CHALLENGE, USER));
  }

  @Test
  void anExchangeKeepsOnlyThePasswordHashHashAndWipesIt() {
    var mschap = RadiusAuthenticator.MsChapExchange.create(new SecureRandom(), USER, PASSWORD);
    assertArrayEquals(MsChapV2.hashNtPasswordHash(PASSWORD), mschap.passwordHashHash());
    assertArrayEquals(
        MsChapV2.generateNtResponse(mschap.authChallenge(), mschap.peerChallenge(), USER, PASSWORD),
        mschap.ntResponse());
    mschap.wipe();
    assertArrayEquals(new byte[16], mschap.passwordHashHash());
  }
}
