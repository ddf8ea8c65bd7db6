package org.p2sgate.core.keyexchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cipher and feature negotiation from peer-info (wire doc 5.5, 8, 12.1, 12.3). */
class NegotiationTest {
  static final List<String> SERVER = List.of("AES-256-GCM", "AES-128-GCM", "CHACHA20-POLY1305");
  static final String STOCK_OPTIONS = KeyMethod2Test.OPTIONS;

  private static Negotiated negotiate(List<String> server, String fallback, String info, String opt)
      throws NegotiationException {
    return Negotiation.negotiate(server, fallback, PeerInfo.parse(info), opt);
  }

  @Test
  void stockClient() throws NegotiationException {
    Negotiated n = negotiate(SERVER, null, PeerInfoTest.STOCK_2_6, STOCK_OPTIONS);
    assertEquals(
        new Negotiated("AES-256-GCM", true, true, true, true, true, Negotiated.Compression.NONE),
        n);
  }

  @Test
  void theServersOrderDecides() throws NegotiationException {
    String info = "IV_CIPHERS=CHACHA20-POLY1305:AES-128-GCM\n";
    assertEquals("AES-128-GCM", negotiate(SERVER, null, info, STOCK_OPTIONS).cipher());
    List<String> chachaFirst = List.of("CHACHA20-POLY1305", "AES-128-GCM");
    assertEquals("CHACHA20-POLY1305", negotiate(chachaFirst, null, info, STOCK_OPTIONS).cipher());
    // case does not matter; the server's spelling is what gets pushed
    assertEquals("AES-256-GCM", negotiate(SERVER, null, "IV_CIPHERS=aes-256-gcm\n", "").cipher());
  }

  @Test
  void ivNcp2MeansBothAesGcm() throws NegotiationException {
    Negotiated n = negotiate(List.of("AES-128-GCM", "AES-256-GCM"), null, "IV_NCP=2\n", "");
    assertEquals("AES-128-GCM", n.cipher());
    assertTrue(n.pushCipher());
    assertEquals(
        "AES-256-GCM",
        negotiate(List.of("CHACHA20-POLY1305", "AES-256-GCM"), null, "IV_NCP=2\n", "").cipher());
    // IV_CIPHERS supersedes IV_NCP
    assertThrows(
        NegotiationException.class,
        () -> negotiate(List.of("AES-256-GCM"), null, "IV_NCP=2\nIV_CIPHERS=BF-CBC\n", ""));
  }

  @Test
  void occCipherOfAClientThatCannotNegotiate() throws NegotiationException {
    String opt = "V4,dev-type tun,cipher AES-256-CBC,auth SHA1,key-method 2,tls-client";
    List<String> server = List.of("AES-256-GCM", "AES-256-CBC");
    Negotiated n = negotiate(server, null, "IV_VER=2.3.18\nIV_PROTO=2\n", opt);
    assertEquals("AES-256-CBC", n.cipher());
    assertFalse(n.pushCipher(), "a non-NCP client is never pushed a cipher");
    assertEquals("AES-256-CBC", negotiate(server, "BF-CBC", "", opt.toLowerCase()).cipher());
  }

  @Test
  void dataCiphersFallback() throws NegotiationException {
    Negotiated n = negotiate(SERVER, "AES-256-CBC", "IV_VER=2.3.18\n", "V4,dev-type tun");
    assertEquals("AES-256-CBC", n.cipher());
    assertFalse(n.pushCipher());
    // an OCC cipher the server does not allow also ends in the fallback
    assertEquals(
        "AES-128-CBC",
        negotiate(SERVER, "AES-128-CBC", "", "V4,cipher BF-CBC,tls-client").cipher());
  }

  @Test
  void noCommonCipherNamesBothLists() {
    NegotiationException e =
        assertThrows(
            NegotiationException.class,
            () -> negotiate(SERVER, null, "IV_CIPHERS=BF-CBC:AES-128-CBC\n", STOCK_OPTIONS));
    assertTrue(e.getMessage().contains("BF-CBC:AES-128-CBC"), e.getMessage());
    assertTrue(
        e.getMessage().contains("AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305"), e.getMessage());

    NegotiationException occ =
        assertThrows(
            NegotiationException.class,
            () -> negotiate(SERVER, null, "", "V4,cipher AES-128-CBC,tls-client"));
    assertTrue(occ.getMessage().contains("AES-128-CBC"), occ.getMessage());
    NegotiationException none =
        assertThrows(NegotiationException.class, () -> negotiate(SERVER, null, "", "V4"));
    assertTrue(none.getMessage().contains("BF-CBC"), "an old client's implicit default");
  }

  @ParameterizedTest
  @CsvSource({
    "0, false, false, false, false",
    "1, false, false, false, false",
    "32, false, false, false, false",
    "2, true, false, false, false",
    "4, false, true, false, false",
    "8, false, false, true, false",
    "128, false, false, false, true",
    "136, false, false, true, true",
    "990, true, true, true, true",
    "1024, false, false, false, false",
  })
  void ivProtoBits(int proto, boolean dataV2, boolean pushNow, boolean ekm, boolean ccExit)
      throws NegotiationException {
    Negotiated n = negotiate(SERVER, null, "IV_NCP=2\nIV_PROTO=" + proto + "\n", STOCK_OPTIONS);
    assertEquals(dataV2, n.dataV2());
    assertEquals(pushNow, n.pushWithoutRequest());
    assertEquals(ekm, n.ekm());
    assertEquals(ccExit, n.ccExit());
  }

  /** The {@code compress migrate} rules (wire doc 8). */
  @ParameterizedTest
  @CsvSource({
    "'V4,dev-type tun,comp-lzo,tls-client', IV_COMP_STUBv2=1, STUB_V2",
    "'V4,dev-type tun,comp-lzo,tls-client', IV_COMP_STUB=1, LZO_NO",
    "'V4,dev-type tun,comp-lzo,tls-client', IV_COMP_STUBv2=0, LZO_NO",
    "'V4,dev-type tun,tls-client', IV_COMP_STUBv2=1, NONE",
    "'V4,dev-type tun,comp-lzox,tls-client', IV_COMP_STUBv2=1, NONE",
    "'V4,comp-lzo', '', LZO_NO",
  })
  void compressionMigration(String options, String info, Negotiated.Compression expected)
      throws NegotiationException {
    assertEquals(expected, negotiate(SERVER, null, "IV_NCP=2\n" + info, options).compression());
  }

  @Test
  void onlyLzoNoPrefixesAByte() {
    assertEquals(1, Negotiated.Compression.LZO_NO.sendPrefix());
    assertEquals(0, Negotiated.Compression.STUB_V2.sendPrefix());
    assertEquals(0, Negotiated.Compression.NONE.sendPrefix());
  }

  /** Wire doc 12.3: the 2.6 server sends the client's string ending in tls-server [verified]. */
  @Test
  void serverOptionsMirrorTheClient() {
    assertEquals(
        "V4,dev-type tun,link-mtu 1541,tun-mtu 1500,proto UDPv4,auth SHA1,keysize 128,"
            + "key-method 2,tls-server",
        Negotiation.serverOptions(STOCK_OPTIONS, false));
    assertEquals(
        "V4,dev-type tun,proto TCPv4_SERVER,keydir 0,tls-auth,key-method 2,tls-server",
        Negotiation.serverOptions(
            "V4,dev-type tun,proto TCPv4_CLIENT,keydir 1,tls-auth,key-method 2,tls-client", true));
    assertEquals(
        "V4,dev-type tap,comp-lzo,keydir 1,tls-server",
        Negotiation.serverOptions("V4,dev-type tap,comp-lzo,keydir 0,tls-client", false));
  }

  @Test
  void serverOptionsWithoutAUsableClientString() {
    String udp =
        "V4,dev-type tun,link-mtu 1541,tun-mtu 1500,proto UDPv4,auth SHA1,keysize 128,"
            + "key-method 2,tls-server";
    assertEquals(udp, Negotiation.serverOptions("", false));
    assertEquals(udp, Negotiation.serverOptions("garbage", false));
    assertEquals(udp.replace("UDPv4", "TCPv4_SERVER"), Negotiation.serverOptions("", true));
  }
}
