package org.p2sgate.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CryptoTypesTest {
  @Test
  void cipherNamesAreCaseInsensitive() {
    assertEquals(Optional.of(CipherKind.AES_256_GCM), CipherKind.fromOpenVpnName("aes-256-gcm"));
    assertEquals(Optional.of(CipherKind.AES_128_GCM), CipherKind.fromOpenVpnName("AES-128-GCM"));
    assertEquals(
        Optional.of(CipherKind.CHACHA20_POLY1305), CipherKind.fromOpenVpnName("ChaCha20-Poly1305"));
    assertEquals(Optional.empty(), CipherKind.fromOpenVpnName("AES-256-CBC"));
    assertEquals(Optional.empty(), CipherKind.fromOpenVpnName(""));
    assertEquals(Optional.empty(), CipherKind.fromOpenVpnName(null));
    assertEquals(16, CipherKind.AES_128_GCM.keyLength());
    assertEquals(32, CipherKind.AES_256_GCM.keyLength());
    assertEquals(32, CipherKind.CHACHA20_POLY1305.keyLength());
    assertEquals("CHACHA20-POLY1305", CipherKind.CHACHA20_POLY1305.openvpnName());
  }

  @Test
  void dropCodesRoundTrip() {
    for (OpenFailure r : OpenFailure.values()) {
      assertEquals(r, OpenFailure.ofCode(r.code()));
    }
    assertThrows(IllegalArgumentException.class, () -> OpenFailure.ofCode(0));
    assertThrows(IllegalArgumentException.class, () -> OpenFailure.ofCode(5));
    assertThrows(IllegalArgumentException.class, () -> OpenFailure.ofCode(-100));
    assertThrows(IllegalArgumentException.class, () -> OpenFailure.ofCode(Integer.MIN_VALUE));
  }

  @Test
  void layoutConstants() {
    assertEquals(24, AeadLayout.V2_OVERHEAD);
    assertEquals(21, AeadLayout.V1_OVERHEAD);
    assertEquals(12, AeadLayout.NONCE_LENGTH);
  }
}
