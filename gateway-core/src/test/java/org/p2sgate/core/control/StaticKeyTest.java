package org.p2sgate.core.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The "OpenVPN Static key V1" file format, wire doc 3.1. */
class StaticKeyTest {
  private static final String BEGIN = "-----BEGIN OpenVPN Static key V1-----";
  private static final String END = "-----END OpenVPN Static key V1-----";

  private static final StaticKey KEY = WrapFixtures.key(7);
  private static final String PEM = KEY.toPem();
  private static final String KEY_HEX = HexFormat.of().formatHex(KEY.bytes());

  /** A key written by the real {@code openvpn --genkey secret} parses, and formats back to it. */
  @Test
  void parsesOpenVpnGenkeyOutput(@TempDir Path dir) throws Exception {
    File openvpn = new File("/usr/sbin/openvpn");
    assumeTrue(openvpn.canExecute(), "the openvpn binary is needed for this interop check");
    Path file = dir.resolve("ta.key");
    Process p =
        new ProcessBuilder(openvpn.getPath(), "--genkey", "secret", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("genkey.log").toFile())
            .start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "openvpn --genkey did not finish");
    assertEquals(0, p.exitValue(), () -> read(dir.resolve("genkey.log")));
    String text = read(file);

    StaticKey k = StaticKey.parse(text);
    StringBuilder hex = new StringBuilder();
    boolean inside = false;
    for (String line : text.split("\n")) {
      if (line.equals(END)) {
        inside = false;
      }
      if (inside) {
        hex.append(line.trim());
      }
      if (line.equals(BEGIN)) {
        inside = true;
      }
    }
    assertEquals(512, hex.length());
    assertArrayEquals(HexFormat.of().parseHex(hex), k.bytes());
    assertEquals(text, k.toPem()); // byte for byte what openvpn writes
  }

  @Test
  void pemRoundTrip() {
    assertArrayEquals(KEY.bytes(), StaticKey.parse(PEM).bytes());
    assertTrue(PEM.contains(BEGIN + "\n"));
    assertTrue(PEM.endsWith(END + "\n"));
    List<String> body = Arrays.stream(PEM.split("\n")).filter(l -> l.matches("[0-9a-f]+")).toList();
    assertEquals(16, body.size());
    body.forEach(l -> assertEquals(32, l.length()));
  }

  @Test
  void lenientWhereOpenVpnIsLenient() {
    String decorated =
        "# deadbeefdeadbeef comment before the block\n"
            + PEM.replace("\n", "\r\n")
                .toUpperCase(Locale.ROOT)
                .replace("OPENVPN STATIC KEY V1", "OpenVPN Static key V1")
            + "trailing text cafebabe\n";
    assertArrayEquals(KEY.bytes(), StaticKey.parse(decorated).bytes());
    String oneLine = BEGIN + KEY_HEX + END;
    assertArrayEquals(KEY.bytes(), StaticKey.parse(oneLine).bytes());
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of("empty", (UnaryOperator<String>) s -> ""),
        Arguments.of("no markers", (UnaryOperator<String>) s -> KEY_HEX),
        Arguments.of("no END", (UnaryOperator<String>) s -> s.replace(END, "")),
        Arguments.of("no BEGIN", (UnaryOperator<String>) s -> s.replace(BEGIN, "")),
        Arguments.of("END first", (UnaryOperator<String>) s -> END + "\n" + KEY_HEX + BEGIN),
        Arguments.of(
            "one digit short", (UnaryOperator<String>) s -> s.replaceFirst("[0-9a-f]\n", "\n")),
        Arguments.of(
            "one digit long", (UnaryOperator<String>) s -> s.replaceFirst("\n([0-9a-f])", "\nf$1")),
        Arguments.of(
            "a line missing",
            (UnaryOperator<String>) s -> s.replace(KEY_HEX.substring(32, 64) + "\n", "")),
        Arguments.of(
            "non-hex letter", (UnaryOperator<String>) s -> s.replaceFirst("\n([0-9a-f])", "\ng")),
        Arguments.of(
            "colon separators",
            (UnaryOperator<String>) s -> s.replaceFirst("\n([0-9a-f]{2})", "\n$1:")),
        Arguments.of(
            "fullwidth digit",
            (UnaryOperator<String>) s -> s.replaceFirst("\n[0-9a-f]", "\n\uff10")),
        Arguments.of(
            "arabic-indic digit",
            (UnaryOperator<String>) s -> s.replaceFirst("\n[0-9a-f]", "\n\u0663")),
        Arguments.of(
            "tls-crypt-v2 key",
            (UnaryOperator<String>) s -> s.replace("Static key V1", "tls-crypt-v2 client key")));
  }

  /** Bad files are an IllegalArgumentException whose messages never echo key material. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void badFilesAreRejectedWithoutLeakingTheKey(String name, UnaryOperator<String> damage) {
    String bad = damage.apply(PEM);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StaticKey.parse(bad));
    assertNotNull(e.getMessage());
    for (Throwable t = e; t != null; t = t.getCause()) {
      String msg = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      for (int i = 0; i + 8 <= KEY_HEX.length(); i++) {
        assertFalse(
            msg.contains(KEY_HEX.substring(i, i + 8)), name + ": message echoes key: " + msg);
      }
    }
  }

  @Test
  void rawKeysAreCopiedAndNeverPrinted() {
    byte[] raw = KEY.bytes();
    StaticKey k = StaticKey.of(raw);
    raw[0] ^= 1;
    assertEquals(KEY.bytes()[0], k.bytes()[0]);
    k.bytes()[1] ^= 1; // bytes() hands out a copy
    assertArrayEquals(KEY.bytes(), k.bytes());
    assertArrayEquals(Arrays.copyOfRange(KEY.bytes(), 64, 96), k.slice(64, 32));
    assertEquals("StaticKey[256 bytes]", k.toString());
    assertThrows(IllegalArgumentException.class, () -> StaticKey.of(new byte[255]));
    assertThrows(IllegalArgumentException.class, () -> StaticKey.of(new byte[257]));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "<unreadable: " + e + ">";
    }
  }
}
