package org.p2sgate.core.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The tls-crypt-v2 key formats both ways, against keys made by OpenVPN 2.6.14's {@code --genkey
 * tls-crypt-v2-server} / {@code tls-crypt-v2-client} (test resources tls-crypt-v2/, see its
 * README.txt), and the WKc as an attacker shapes it.
 */
class TlsCryptV2FormatTest {
  static String resource(String name) throws IOException {
    try (InputStream in = TlsCryptV2FormatTest.class.getResourceAsStream("/tls-crypt-v2/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void openvpnsClientKeyWithUserMetadataUnwrapsWithItsServerKey() throws IOException {
    TlsCryptV2ServerKey server = TlsCryptV2ServerKey.parse(resource("openvpn-server.key"));
    TlsCryptV2ClientKey client = TlsCryptV2ClientKey.parse(resource("openvpn-client-user.key"));
    byte[] wkc = client.wrapped();
    ClientKeyWrapping.ClientKey k = new ClientKeyWrapping(server).unwrap(wkc, 0, wkc.length);
    assertNotNull(k, "OpenVPN's WKc authenticates with OpenVPN's server key");
    assertArrayEquals(client.serverView().bytes(), k.kc().bytes(), "Kc is the file's first 256");
    assertEquals(TlsCryptV2Metadata.USER, k.metadata().type());
    assertEquals("hello alice", k.metadata().userText(), "base64 aGVsbG8gYWxpY2U= decoded");
    assertEquals(32 + 256 + 1 + 11 + 2, wkc.length);
  }

  @Test
  void openvpnsDefaultMetadataIsTheTimestampOfMaking() throws IOException {
    TlsCryptV2ServerKey server = TlsCryptV2ServerKey.parse(resource("openvpn-server.key"));
    TlsCryptV2ClientKey client =
        TlsCryptV2ClientKey.parse(resource("openvpn-client-timestamp.key"));
    byte[] wkc = client.wrapped();
    ClientKeyWrapping.ClientKey k = new ClientKeyWrapping(server).unwrap(wkc, 0, wkc.length);
    assertNotNull(k);
    long made = Long.parseLong(resource("openvpn-client-timestamp.made").strip());
    assertEquals(Instant.ofEpochSecond(made), k.metadata().madeAt());
  }

  @Test
  void ourPemIsByteForByteOpenvpns() throws IOException {
    for (String name : new String[] {"openvpn-client-user.key", "openvpn-client-timestamp.key"}) {
      assertEquals(resource(name), TlsCryptV2ClientKey.parse(resource(name)).toPem(), name);
    }
    assertEquals(
        resource("openvpn-server.key"),
        TlsCryptV2ServerKey.parse(resource("openvpn-server.key")).toPem());
  }

  @Test
  void ourClientKeyHasOpenvpnsLayout() throws IOException {
    TlsCryptV2ServerKey server = TlsCryptV2ServerKey.parse(resource("openvpn-server.key"));
    ClientKeyWrapping w = new ClientKeyWrapping(server);
    TlsCryptV2ClientKey ours =
        TlsCryptV2ClientKey.generate(w, TlsCryptV2Metadata.user("hello alice"), RANDOM);
    TlsCryptV2ClientKey parsed = TlsCryptV2ClientKey.parse(ours.toPem());
    byte[] wkc = parsed.wrapped();
    assertEquals(
        resource("openvpn-client-user.key").length(),
        ours.toPem().length(),
        "same size as OpenVPN's");
    ClientKeyWrapping.ClientKey k = w.unwrap(wkc, 0, wkc.length);
    assertEquals("hello alice", k.metadata().userText());
    assertArrayEquals(ours.serverView().bytes(), k.kc().bytes());
  }

  @Test
  void theWrongServerKeyFailsTheTag() throws IOException {
    TlsCryptV2ClientKey client = TlsCryptV2ClientKey.parse(resource("openvpn-client-user.key"));
    byte[] wkc = client.wrapped();
    ClientKeyWrapping other = new ClientKeyWrapping(TlsCryptV2ServerKey.generate(RANDOM));
    assertNull(other.unwrap(wkc, 0, wkc.length));
  }

  @Test
  void anyFlippedBitFailsTheTag() throws IOException {
    ClientKeyWrapping w =
        new ClientKeyWrapping(TlsCryptV2ServerKey.parse(resource("openvpn-server.key")));
    byte[] wkc = TlsCryptV2ClientKey.parse(resource("openvpn-client-user.key")).wrapped();
    for (int i = 0; i < wkc.length - 2; i++) {
      byte[] bad = wkc.clone();
      bad[i] ^= 0x01;
      assertNull(w.unwrap(bad, 0, bad.length), "flipped byte " + i);
    }
  }

  @Test
  void lengthFieldsThatDoNotFitAreRefusedBeforeAnyCrypto() throws IOException {
    ClientKeyWrapping w =
        new ClientKeyWrapping(TlsCryptV2ServerKey.parse(resource("openvpn-server.key")));
    byte[] wkc = TlsCryptV2ClientKey.parse(resource("openvpn-client-user.key")).wrapped();
    // truncated: the length field no longer matches
    assertNull(w.unwrap(Arrays.copyOf(wkc, wkc.length - 1), 0, wkc.length - 1));
    assertNull(w.unwrap(wkc, 1, wkc.length - 1));
    assertNull(w.unwrap(new byte[1], 0, 1));
    assertNull(w.unwrap(new byte[0], 0, 0));
    // a length field past the 1024-byte maximum, on a buffer that long
    byte[] big = new byte[2000];
    big[1998] = (byte) (2000 >>> 8);
    big[1999] = (byte) 2000;
    assertNull(w.unwrap(big, 0, big.length));
    // and too short for a client key
    byte[] small = new byte[100];
    small[99] = 100;
    assertNull(w.unwrap(small, 0, small.length));
  }

  @Test
  void theOpenerFindsTheTrailerOnlyWhereItFits() {
    byte[] packet = new byte[60];
    packet[58] = (byte) 0xff; // 0xff10 = 65296: past the packet
    packet[59] = 0x10;
    assertEquals(-1, TlsCryptV2Opener.withoutWkc(packet, 0, packet.length));
    byte[] p2 = new byte[400];
    p2[398] = 0x01; // 300: fits a WKc but leaves 100 for the packet
    p2[399] = 0x2c;
    assertEquals(100, TlsCryptV2Opener.withoutWkc(p2, 0, p2.length));
    assertEquals(-1, TlsCryptV2Opener.withoutWkc(p2, 0, 1));
    TlsCryptV2Opener opener = new TlsCryptV2Opener(TlsCryptV2ServerKey.generate(RANDOM));
    assertEquals(TlsCryptV2Opener.Failure.WKC_MALFORMED, opener.open(packet, 0, 60).failure());
    assertEquals(TlsCryptV2Opener.Failure.WKC_AUTH_FAILED, opener.open(p2, 0, 400).failure());
  }

  @Test
  void badFilesSayWhatIsWrongWithoutQuotingKeys() throws IOException {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TlsCryptV2ServerKey.parse(resource("openvpn-client-user.key")));
    assertTrue(e.getMessage().contains("no '-----BEGIN OpenVPN tls-crypt-v2 server key-----'"));
    String client = resource("openvpn-client-user.key");
    String cut = client.replaceFirst("\n[^\n]+\n-----END", "\n-----END");
    assertThrows(IllegalArgumentException.class, () -> TlsCryptV2ClientKey.parse(cut));
    String pem = OpenVpnPem.encode(TlsCryptV2ServerKey.LABEL, new byte[127]);
    var e2 = assertThrows(IllegalArgumentException.class, () -> TlsCryptV2ServerKey.parse(pem));
    assertTrue(e2.getMessage().contains("128 bytes, this one 127"), e2.getMessage());
  }

  @Test
  void metadataIsBoundedAsOpenvpnBoundsIt() {
    assertEquals(734, TlsCryptV2Metadata.MAX_SIZE);
    new TlsCryptV2Metadata(0, new byte[733]);
    assertThrows(IllegalArgumentException.class, () -> new TlsCryptV2Metadata(0, new byte[734]));
    ClientKeyWrapping w = new ClientKeyWrapping(TlsCryptV2ServerKey.generate(RANDOM));
    byte[] wkc = w.wrap(new byte[256], new TlsCryptV2Metadata(0, new byte[733]));
    assertEquals(ClientKeyWrapping.MAX_WKC, wkc.length);
    assertNotNull(w.unwrap(wkc, 0, wkc.length));
  }
}
