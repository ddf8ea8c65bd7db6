package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** The log check every interop gateway passes through finds what it must, and says no more. */
class LogSecretsTest {
  @TempDir Path dir;

  @Test
  void findsKeyLinesPasswordsAndTokensWithoutPrintingThem() throws Exception {
    Path pki = Files.createDirectories(dir.resolve("pki"));
    String hex = "0123456789abcdef0123456789abcdef";
    Files.writeString(
        pki.resolve("tc.key"),
        "-----BEGIN OpenVPN Static key V1-----\n"
            + hex
            + "\n-----END OpenVPN Static key V1-----\n");
    LogSecrets secrets = new LogSecrets();
    secrets.add("carolpass");
    Path log = dir.resolve("gw.log");

    Files.writeString(log, "INFO carol authenticated\n");
    assertDoesNotThrow(() -> secrets.assertNoneIn(log, dir));
    for (String leak : new String[] {"x " + hex, "password carolpass", "token P2S2.abc.def"}) {
      Files.writeString(log, "INFO fine\n" + leak + "\n");
      AssertionFailedError e =
          assertThrows(AssertionFailedError.class, () -> secrets.assertNoneIn(log, dir));
      assertEquals(false, e.getMessage().contains(leak.substring(leak.indexOf(' ') + 1)));
      assertEquals(true, e.getMessage().startsWith("gw.log:2 holds"), e.getMessage());
    }
  }
}
