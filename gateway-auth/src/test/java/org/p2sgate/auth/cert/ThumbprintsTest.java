package org.p2sgate.auth.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThumbprintsTest {
  static final String SHA1 = "0123456789abcdef0123456789abcdef01234567";
  static final String SHA256 = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

  @Test
  void acceptsSha1AndSha256InAnyCaseWithColonsOrBlanks() {
    assertEquals(Optional.of(SHA1), Thumbprints.normalize(SHA1));
    assertEquals(Optional.of(SHA1), Thumbprints.normalize(SHA1.toUpperCase()));
    assertEquals(
        Optional.of(SHA1),
        Thumbprints.normalize("01:23:45:67:89:AB:CD:EF:01:23:45:67:89:ab:cd:ef:01:23:45:67"));
    assertEquals(
        Optional.of(SHA1),
        Thumbprints.normalize("01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67"));
    assertEquals(Optional.of(SHA256), Thumbprints.normalize(SHA256.toUpperCase()));
    assertEquals(Optional.of(SHA256), Thumbprints.normalize("\t" + SHA256 + " "));
  }

  @Test
  void refusesOtherLengthsAndNonHex() {
    assertTrue(Thumbprints.normalize("").isEmpty());
    assertTrue(Thumbprints.normalize(SHA1.substring(1)).isEmpty());
    assertTrue(Thumbprints.normalize(SHA1 + "0").isEmpty());
    assertTrue(Thumbprints.normalize(SHA1.replace('a', 'g')).isEmpty());
    assertTrue(Thumbprints.normalize(SHA1.replace('a', '-')).isEmpty());
    assertTrue(Thumbprints.normalize("0123456789abcdef0123456789abcdef").isEmpty()); // MD5 length
  }

  @Test
  void matchesWhatOpensslPrintsForTheDerEncoding() throws Exception {
    var cert = TestPki.root("Thumb Root").cert();
    var sha1 = java.security.MessageDigest.getInstance("SHA-1").digest(cert.getEncoded());
    assertEquals(java.util.HexFormat.of().formatHex(sha1), Thumbprints.sha1(cert));
    assertEquals(64, Thumbprints.sha256(cert).length());
  }
}
