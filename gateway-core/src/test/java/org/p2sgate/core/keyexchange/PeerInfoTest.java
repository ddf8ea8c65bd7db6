package org.p2sgate.core.keyexchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Peer-info of wire doc 5.5. */
class PeerInfoTest {
  /** What a 2.6.14 Linux CLI client sends with default options [verified]. */
  static final String STOCK_2_6 =
      """
      IV_VER=2.6.14
      IV_PLAT=linux
      IV_TCPNL=1
      IV_MTU=1600
      IV_NCP=2
      IV_CIPHERS=AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305
      IV_PROTO=990
      IV_LZO_STUB=1
      IV_COMP_STUB=1
      IV_COMP_STUBv2=1
      """;

  @Test
  void stockClientBlock() {
    PeerInfo p = PeerInfo.parse(STOCK_2_6);
    assertEquals(10, p.values().size());
    assertEquals("2.6.14", p.version());
    assertEquals("linux", p.get("IV_PLAT"));
    assertEquals(990, p.ivProto());
    assertEquals(2, p.ncp());
    assertEquals(List.of("AES-256-GCM", "AES-128-GCM", "CHACHA20-POLY1305"), p.ciphers());
    assertTrue(p.hasMtu());
    assertEquals("1", p.get("IV_COMP_STUBv2"));
  }

  /** 990 = 2+4+8+16+64+128+256+512. */
  @Test
  void ivProto990Bits() {
    PeerInfo p = PeerInfo.parse(STOCK_2_6);
    int[] set = {
      PeerInfo.IV_PROTO_DATA_V2,
      PeerInfo.IV_PROTO_REQUEST_PUSH,
      PeerInfo.IV_PROTO_TLS_KEY_EXPORT,
      PeerInfo.IV_PROTO_AUTH_PENDING_KW,
      1 << 6, // DNS_OPTION
      PeerInfo.IV_PROTO_CC_EXIT_NOTIFY,
      PeerInfo.IV_PROTO_AUTH_FAIL_TEMP,
      PeerInfo.IV_PROTO_DYN_TLS_CRYPT,
    };
    int sum = 0;
    for (int bit : set) {
      assertTrue(p.hasProto(bit), Integer.toString(bit));
      sum += bit;
    }
    assertEquals(990, sum);
    assertFalse(p.hasProto(1)); // reserved
    assertFalse(p.hasProto(1 << 5)); // NCP_P2P
    assertFalse(p.hasProto(1 << 10)); // DATA_EPOCH: not 2.6
    assertEquals(2, PeerInfo.IV_PROTO_DATA_V2);
    assertEquals(4, PeerInfo.IV_PROTO_REQUEST_PUSH);
    assertEquals(8, PeerInfo.IV_PROTO_TLS_KEY_EXPORT);
    assertEquals(16, PeerInfo.IV_PROTO_AUTH_PENDING_KW);
    assertEquals(128, PeerInfo.IV_PROTO_CC_EXIT_NOTIFY);
    assertEquals(256, PeerInfo.IV_PROTO_AUTH_FAIL_TEMP);
    assertEquals(512, PeerInfo.IV_PROTO_DYN_TLS_CRYPT);
  }

  @Test
  void absentAndOddValues() {
    PeerInfo empty = PeerInfo.parse("");
    assertEquals(0, empty.ivProto());
    assertEquals(0, empty.ncp());
    assertEquals(List.of(), empty.ciphers());
    assertFalse(empty.hasMtu());
    assertEquals("unknown", empty.version());

    PeerInfo odd =
        PeerInfo.parse("IV_PROTO=lots\r\nno equals sign\n=novalue\nIV_NCP=2\r\nIV_CIPHERS=\n");
    assertEquals(0, odd.ivProto(), "not a number counts as 0");
    assertEquals(2, odd.ncp(), "CR before LF is trimmed");
    assertEquals(List.of(), odd.ciphers(), "an empty list is no list");
    assertNull(odd.get("no equals sign"));
    assertEquals(3, odd.values().size()); // IV_PROTO, IV_NCP, IV_CIPHERS
  }

  @Test
  void firstValueWinsAndValuesMayContainEquals() {
    PeerInfo p = PeerInfo.parse("IV_PROTO=2\nIV_PROTO=990\nUV_X=a=b\n");
    assertEquals(2, p.ivProto());
    assertEquals("a=b", p.get("UV_X"));
  }

  @Test
  void onlyTheFirst128LinesAreRead() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 128; i++) {
      sb.append("UV_").append(i).append("=x\n");
    }
    sb.append("IV_PROTO=990\n");
    PeerInfo p = PeerInfo.parse(sb.toString());
    assertEquals(128, p.values().size());
    assertEquals(0, p.ivProto());
  }
}
