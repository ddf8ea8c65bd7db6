package org.p2sgate.core.keyexchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PUSH_REPLY contents and splitting, wire doc 9.4. */
class PushReplyTest {
  static final List<String> CONFIGURED =
      List.of("route 10.99.0.0 255.255.0.0", "dhcp-option DNS 10.8.0.1");
  static final PushReply.ClientOptions CLIENT =
      new PushReply.ClientOptions("10.8.0.2", "255.255.255.0", "10.8.0.1", 10, 60, 0, 1500, null);

  private static Negotiated nego(boolean v2, boolean push, boolean ekm, boolean cc, String c) {
    return new Negotiated(c, push, v2, ekm, cc, true, Negotiated.Compression.NONE);
  }

  /** The doc's real 2.6 reply, minus {@code dyn-tls-crypt}, which the gateway does not push. */
  @Test
  void reproducesTheDocReply() throws NegotiationException {
    PeerInfo stock = PeerInfo.parse(PeerInfoTest.STOCK_2_6);
    Negotiated n =
        Negotiation.negotiate(NegotiationTest.SERVER, null, stock, KeyMethod2Test.OPTIONS);
    List<String> messages = PushReply.messages(PushReply.options(CONFIGURED, CLIENT, n, stock));
    String expected =
        "PUSH_REPLY,route 10.99.0.0 255.255.0.0,dhcp-option DNS 10.8.0.1,route-gateway 10.8.0.1,"
            + "topology subnet,ping 10,ping-restart 60,ifconfig 10.8.0.2 255.255.255.0,peer-id 0,"
            + "cipher AES-256-GCM,protocol-flags cc-exit tls-ekm,tun-mtu 1500";
    assertEquals(List.of(expected), messages);
    assertEquals(245 - " dyn-tls-crypt".length(), expected.length());
  }

  @Test
  void withoutExplicitPushesTheHelperOptionsComeFirst() {
    List<String> o =
        PushReply.options(
            List.of(), CLIENT, nego(true, true, true, true, "AES-128-GCM"), PeerInfo.parse(""));
    assertEquals(
        List.of(
            "route-gateway 10.8.0.1",
            "topology subnet",
            "ping 10",
            "ping-restart 60",
            "ifconfig 10.8.0.2 255.255.255.0",
            "peer-id 0",
            "cipher AES-128-GCM",
            "protocol-flags cc-exit tls-ekm"),
        o,
        "no tun-mtu without IV_MTU");
  }

  @Test
  void perClientOptionsFollowTheNegotiation() {
    PeerInfo none = PeerInfo.parse("");
    List<String> old =
        PushReply.options(List.of(), CLIENT, nego(false, false, false, false, "X"), none);
    assertFalse(old.stream().anyMatch(s -> s.startsWith("peer-id")));
    assertFalse(old.stream().anyMatch(s -> s.startsWith("cipher")));
    assertFalse(old.stream().anyMatch(s -> s.startsWith("protocol-flags")));
    assertFalse(old.stream().anyMatch(s -> s.startsWith("key-derivation")));

    // tls-ekm without cc-exit: key-derivation instead of protocol-flags (wire doc 6.1)
    List<String> ekmOnly =
        PushReply.options(List.of(), CLIENT, nego(true, true, true, false, "AES-256-GCM"), none);
    assertTrue(ekmOnly.contains("key-derivation tls-ekm"));
    assertFalse(ekmOnly.stream().anyMatch(s -> s.startsWith("protocol-flags")));

    List<String> ccOnly =
        PushReply.options(List.of(), CLIENT, nego(true, true, false, true, "AES-256-GCM"), none);
    assertTrue(ccOnly.contains("protocol-flags cc-exit"));
    assertFalse(ccOnly.contains("key-derivation tls-ekm"));
  }

  @Test
  void compressionAndAuthTokenComeLast() {
    PushReply.ClientOptions withToken =
        new PushReply.ClientOptions(
            "10.8.0.9", "255.255.255.0", "10.8.0.1", 10, 60, 3, 1400, "T0K");
    PeerInfo mtu = PeerInfo.parse("IV_MTU=1600\n");
    for (Negotiated.Compression c : Negotiated.Compression.values()) {
      Negotiated n = new Negotiated("AES-256-GCM", true, true, true, true, true, c);
      List<String> o = PushReply.options(List.of(), withToken, n, mtu);
      List<String> tail = o.subList(o.indexOf("tun-mtu 1400"), o.size());
      List<String> expected = new ArrayList<>(List.of("tun-mtu 1400"));
      switch (c) {
        case STUB_V2 -> expected.add("compress stub-v2");
        case LZO_NO -> expected.add("comp-lzo no");
        case NONE -> {}
      }
      expected.add("auth-token T0K");
      assertEquals(expected, tail, c.name());
      assertTrue(o.contains("peer-id 3"));
    }
  }

  @Test
  void emptyReplyIsLegal() {
    assertEquals(List.of("PUSH_REPLY"), PushReply.messages(List.of()));
  }

  /** Over the 940-byte budget: continuation 2 on all but the last, 1 on the last. */
  @ParameterizedTest
  @ValueSource(ints = {30, 31, 32, 33, 34, 35, 36, 60, 100, 250})
  void longRepliesAreSplit(int routes) {
    List<String> options = new ArrayList<>();
    for (int i = 0; i < routes; i++) {
      options.add("route 10." + (i / 256) + "." + (i % 256) + ".0 255.255.255.0");
    }
    List<String> messages = PushReply.messages(options);
    int total = String.join(",", options).length() + "PUSH_REPLY,".length();
    if (total <= PushReply.MAX_MESSAGE - ",push-continuation 2".length()) {
      assertEquals(1, messages.size(), "fits in one message");
    }
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      String m = messages.get(i);
      assertTrue(m.startsWith("PUSH_REPLY,"), m);
      assertTrue(m.getBytes(StandardCharsets.US_ASCII).length + 1 <= 1024, "with its NUL");
      assertTrue(m.length() <= PushReply.MAX_MESSAGE, "within the reference's 940 bytes");
      List<String> parts =
          new ArrayList<>(Arrays.asList(m.substring("PUSH_REPLY,".length()).split(",")));
      if (messages.size() > 1) {
        String last = parts.remove(parts.size() - 1);
        assertEquals(i < messages.size() - 1 ? "push-continuation 2" : "push-continuation 1", last);
      }
      assertFalse(parts.isEmpty(), "no message without options");
      assertFalse(parts.stream().anyMatch(p -> p.startsWith("push-continuation")));
      seen.addAll(parts);
    }
    assertEquals(options, seen, "every option once, in order");
    if (total > PushReply.MAX_MESSAGE) {
      assertTrue(messages.size() > 1, "too long for one message");
    }
  }
}
