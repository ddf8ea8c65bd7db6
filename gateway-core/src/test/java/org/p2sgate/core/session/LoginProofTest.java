package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class LoginProofTest {
  private final LoginProof proof = new LoginProof("AzureAD", "eyJ.token.sig", new SecureRandom());

  @Test
  void theSameUserAndPasswordProveTheLoginAgain() {
    assertTrue(proof.matches("AzureAD", "eyJ.token.sig", null));
  }

  @Test
  void theTokenTheGatewayPushedProvesItToo() {
    assertTrue(proof.matches("AzureAD", "P2S1.pushed", "P2S1.pushed"));
  }

  @Test
  void anotherPasswordUserOrTokenDoesNot() {
    assertFalse(proof.matches("AzureAD", "eyJ.token.sig2", null));
    assertFalse(proof.matches("azuread", "eyJ.token.sig", null));
    assertFalse(proof.matches("AzureAD", "P2S1.other", "P2S1.pushed"));
    assertFalse(proof.matches("AzureAD", "", null));
  }

  @Test
  void nothingMatchesOnceWiped() {
    proof.wipe();
    assertFalse(proof.matches("AzureAD", "eyJ.token.sig", null));
    assertFalse(proof.toString().contains("token"), proof.toString());
  }
}
