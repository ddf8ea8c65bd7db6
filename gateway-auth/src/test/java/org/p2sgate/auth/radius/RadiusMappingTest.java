package org.p2sgate.auth.radius;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.EnumData;
import org.aaa4j.radius.core.attribute.Ipv4AddrData;
import org.aaa4j.radius.core.attribute.RawAttribute;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.attributes.Class;
import org.aaa4j.radius.core.attribute.attributes.FramedIpAddress;
import org.aaa4j.radius.core.attribute.attributes.Prompt;
import org.aaa4j.radius.core.attribute.attributes.ReplyMessage;
import org.aaa4j.radius.core.attribute.attributes.State;
import org.aaa4j.radius.core.packet.Packet;
import org.junit.jupiter.api.Test;
import org.p2sgate.auth.AuthResult;

class RadiusMappingTest {

  @Test
  void acceptCarriesFramedIpAndClassInHex() throws Exception {
    Packet accept =
        new Packet(
            2,
            List.<Attribute<?>>of(
                new FramedIpAddress(
                    new Ipv4AddrData((Inet4Address) InetAddress.getByName("10.8.0.42"))),
                new Class(new StringData("alice-class".getBytes(StandardCharsets.US_ASCII))),
                new ReplyMessage(new TextData("Welcome"))));
    var r = RadiusAuthenticator.map("alice", accept, "srv", null);
    var a = assertInstanceOf(AuthResult.Accepted.class, r);
    assertEquals("alice", a.identity());
    assertEquals(
        Map.of(
            "Framed-IP-Address", "10.8.0.42",
            "Class", "616c6963652d636c617373",
            "Reply-Message", "Welcome"),
        a.attributes());
  }

  @Test
  void everyClassAndFilterIdIsAGroupFact() {
    Packet accept =
        new Packet(
            2,
            List.<Attribute<?>>of(
                new Class(new StringData("eng".getBytes(StandardCharsets.US_ASCII))),
                new Class(new StringData(new byte[] {1, 2, (byte) 0xfe})),
                new RawAttribute(11, "vpn-ops".getBytes(StandardCharsets.US_ASCII)),
                new RawAttribute(11, new byte[0])));
    var a =
        assertInstanceOf(
            AuthResult.Accepted.class, RadiusAuthenticator.map("u", accept, "s", null));
    assertEquals(
        java.util.Set.of("radius-class:eng", "radius-class:0x0102fe", "radius-filter-id:vpn-ops"),
        a.groups());
  }

  @Test
  void otherAttributesByNumberAndVendorAttributesByVendorAndType() {
    byte[] fortinet = {0, 0, 0x30, 0x44, 1, 5, 'e', 'n', 'g', 1, 5, 'o', 'p', 's', 9, 1};
    Packet accept =
        new Packet(
            2,
            List.<Attribute<?>>of(
                new RawAttribute(26, fortinet), // two Fortinet-Group-Name, then a broken entry
                new org.aaa4j.radius.core.attribute.attributes.VendorSpecific(
                    new org.aaa4j.radius.core.attribute.VsaData(
                        9, 1, "shell:roles=eng".getBytes(StandardCharsets.US_ASCII))),
                new RawAttribute(26, new byte[] {0, 0}), // too short for a vendor id
                new RawAttribute(66, "vpn-west".getBytes(StandardCharsets.US_ASCII)),
                new ReplyMessage(new TextData("Welcome")),
                new State(new StringData(new byte[] {1, 2, 3}))));
    var a =
        assertInstanceOf(
            AuthResult.Accepted.class, RadiusAuthenticator.map("u", accept, "s", null));
    assertEquals(
        java.util.Set.of(
            "radius-vsa:12356:1:eng",
            "radius-vsa:12356:1:ops",
            "radius-vsa:9:1:shell:roles=eng",
            "radius-attr:66:vpn-west"),
        a.groups());
  }

  @Test
  void rawAttributesAreReadToo() {
    Packet accept = new Packet(2, List.of(new RawAttribute(8, new byte[] {10, 0, 0, 7})));
    var a =
        assertInstanceOf(
            AuthResult.Accepted.class, RadiusAuthenticator.map("u", accept, "s", null));
    assertEquals("10.0.0.7", a.attributes().get("Framed-IP-Address"));
  }

  @Test
  void rejectPassesReplyMessageToTheClient() {
    Packet reject = new Packet(3, List.of(new ReplyMessage(new TextData("Account locked"))));
    var r =
        assertInstanceOf(
            AuthResult.Rejected.class, RadiusAuthenticator.map("u", reject, "s", null));
    assertEquals("Account locked", r.clientMessage());
    assertTrue(r.reason().contains("Access-Reject"));
  }

  @Test
  void challengeBecomesHexStatePromptAndEcho() {
    Packet challenge =
        new Packet(
            11,
            List.<Attribute<?>>of(
                new State(new StringData(new byte[] {1, 2, (byte) 0xff})),
                new ReplyMessage(new TextData("Enter OTP")),
                new Prompt(new EnumData(1))));
    assertEquals(
        new AuthResult.Challenge("0102ff", "Enter OTP", true),
        RadiusAuthenticator.map("u", challenge, "s", null));
  }

  @Test
  void challengeWithoutStateIsUndecided() {
    Packet challenge = new Packet(11, List.of(new ReplyMessage(new TextData("?"))));
    assertInstanceOf(
        AuthResult.Unavailable.class, RadiusAuthenticator.map("u", challenge, "s", null));
  }

  @Test
  void vendorSpecificParsingIsTotal() {
    byte[] ok = {0, 0, 1, 55, 26, 5, 'a', 'b', 'c'};
    assertEquals("abc", new String(RadiusAttributes.rawVendor(ok, 311, 26).orElseThrow()));
    assertTrue(RadiusAttributes.rawVendor(new byte[] {0, 0, 1, 55, 26, 40}, 311, 26).isEmpty());
    assertTrue(RadiusAttributes.rawVendor(new byte[] {0, 0, 1, 55, 26, 1}, 311, 26).isEmpty());
    assertTrue(RadiusAttributes.rawVendor(new byte[] {0, 0}, 311, 26).isEmpty());
  }

  /** A small fuzz: any set of raw attributes maps to a result, never an exception. */
  @Test
  void mappingIsTotalOnRandomAttributes() {
    java.util.Random rnd = new java.util.Random(2865);
    int[] types = {8, 18, 24, 25, 26, 27, 76, 85, 80, 1};
    int[] codes = {2, 3, 11, 42};
    for (int i = 0; i < 20_000; i++) {
      List<Attribute<?>> attrs = new java.util.ArrayList<>();
      for (int n = rnd.nextInt(6); n > 0; n--) {
        byte[] value = new byte[rnd.nextInt(12)];
        rnd.nextBytes(value);
        if (rnd.nextBoolean() && value.length >= 4) {
          value[0] = 0;
          value[1] = 0;
          value[2] = 1;
          value[3] = 55;
        }
        attrs.add(new RawAttribute(types[rnd.nextInt(types.length)], value));
      }
      Packet p = new Packet(codes[rnd.nextInt(codes.length)], attrs);
      RadiusAuthenticator.map("u", p, "s", null);
      for (int t : new int[] {26, 2}) {
        for (Attribute<?> a : attrs) {
          if (a.getData() instanceof StringData sd) {
            RadiusAttributes.rawVendor(sd.getValue(), 311, t);
          }
        }
      }
    }
  }
}
