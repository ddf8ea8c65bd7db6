package org.p2sgate.auth.radius;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.Data;
import org.aaa4j.radius.core.attribute.EnumData;
import org.aaa4j.radius.core.attribute.IntegerData;
import org.aaa4j.radius.core.attribute.Ipv4AddrData;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.VsaData;
import org.aaa4j.radius.core.packet.Packet;
import org.p2sgate.auth.GroupFacts;

/**
 * Reads the attributes the gateway cares about out of a response, whether aaa4j's dictionary
 * decoded them or left them raw. Pure: no I/O.
 */
final class RadiusAttributes {
  static final int REPLY_MESSAGE = 18;
  static final int FRAMED_IP_ADDRESS = 8;
  static final int FILTER_ID = 11;
  static final int CLASS = 25;
  static final int VENDOR_SPECIFIC = 26;
  static final int SESSION_TIMEOUT = 27;
  static final int STATE = 24;
  static final int ACCT_INTERIM_INTERVAL = 85;
  static final int PROMPT = 76;
  static final int MICROSOFT = 311;
  static final int MS_CHAP_ERROR = 2;
  static final int MS_CHAP_CHALLENGE = 11;
  static final int MS_CHAP2_RESPONSE = 25;
  static final int MS_CHAP2_SUCCESS = 26;

  private RadiusAttributes() {}

  /** The first attribute of this type, as bytes. */
  static Optional<byte[]> bytes(Packet p, int type) {
    for (Attribute<?> a : p.getAttributes()) {
      if (a.getType().length() == 1 && a.getType().head() == type) {
        return Optional.of(bytesOf(a.getData()));
      }
    }
    return Optional.empty();
  }

  /** All Reply-Message attributes joined with line breaks (RFC 2865 5.18 allows several). */
  static Optional<String> replyMessage(Packet p) {
    StringBuilder sb = new StringBuilder();
    for (Attribute<?> a : p.getAttributes()) {
      if (a.getType().length() == 1 && a.getType().head() == REPLY_MESSAGE) {
        if (!sb.isEmpty()) {
          sb.append('\n');
        }
        sb.append(new String(bytesOf(a.getData()), StandardCharsets.UTF_8));
      }
    }
    return sb.isEmpty() ? Optional.empty() : Optional.of(sb.toString());
  }

  /** The payload of a vendor-specific attribute, if present. */
  static Optional<byte[]> vendor(Packet p, int vendorId, int vendorType) {
    for (Attribute<?> a : p.getAttributes()) {
      if (a.getType().head() != VENDOR_SPECIFIC) {
        continue;
      }
      if (a.getData() instanceof VsaData v) {
        if (v.getVendorId() == vendorId && v.getVendorType() == vendorType) {
          return Optional.of(v.getVsaData());
        }
      } else if (a.getData() instanceof StringData s) {
        Optional<byte[]> found = rawVendor(s.getValue(), vendorId, vendorType);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  /** Parses an RFC 2865 5.26 VSA body (vendor id, then type-length-value). Total. */
  static Optional<byte[]> rawVendor(byte[] body, int vendorId, int vendorType) {
    if (body.length < 4 || ByteBuffer.wrap(body, 0, 4).getInt() != vendorId) {
      return Optional.empty();
    }
    return rawVendorEntries(body).stream()
        .filter(e -> e.getKey() == vendorType)
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /**
   * The (type, value) pairs of a VSA body after its 4-byte vendor id, up to the first whose length
   * does not fit. Total.
   */
  static java.util.List<Map.Entry<Integer, byte[]>> rawVendorEntries(byte[] body) {
    java.util.List<Map.Entry<Integer, byte[]>> out = new java.util.ArrayList<>();
    int pos = 4;
    while (pos + 2 <= body.length) {
      int len = body[pos + 1] & 0xff;
      if (len < 2 || pos + len > body.length) {
        break;
      }
      out.add(Map.entry(body[pos] & 0xff, java.util.Arrays.copyOfRange(body, pos + 2, pos + len)));
      pos += len;
    }
    return out;
  }

  /**
   * What an Access-Accept tells the gateway: Framed-IP-Address (dotted), Class (hex, one value),
   * Session-Timeout and Acct-Interim-Interval (seconds), Reply-Message.
   */
  static Map<String, String> acceptAttributes(Packet p) {
    Map<String, String> out = new LinkedHashMap<>();
    bytes(p, FRAMED_IP_ADDRESS)
        .filter(b -> b.length == 4)
        .ifPresent(
            b ->
                out.put(
                    "Framed-IP-Address",
                    (b[0] & 0xff)
                        + "."
                        + (b[1] & 0xff)
                        + "."
                        + (b[2] & 0xff)
                        + "."
                        + (b[3] & 0xff)));
    bytes(p, CLASS).ifPresent(b -> out.put("Class", java.util.HexFormat.of().formatHex(b)));
    bytes(p, SESSION_TIMEOUT)
        .filter(b -> b.length == 4)
        .ifPresent(b -> out.put("Session-Timeout", Integer.toUnsignedString(intOf(b))));
    bytes(p, ACCT_INTERIM_INTERVAL)
        .filter(b -> b.length == 4)
        .ifPresent(b -> out.put("Acct-Interim-Interval", Integer.toUnsignedString(intOf(b))));
    replyMessage(p).ifPresent(m -> out.put("Reply-Message", m));
    return out;
  }

  /**
   * The group facts of an Access-Accept: every Class (RFC 2865 5.25) and Filter-Id (5.11) as {@code
   * radius-class:VALUE} and {@code radius-filter-id:VALUE}; every vendor-specific attribute as
   * {@code radius-vsa:VENDOR:TYPE:VALUE}; every other attribute but those that are no group
   * (Reply-Message, State, EAP-Message, Message-Authenticator) as {@code radius-attr:TYPE:VALUE}.
   */
  static Set<String> groups(Packet p) {
    Set<String> out = new TreeSet<>();
    for (Attribute<?> a : p.getAttributes()) {
      int type = a.getType().head();
      if (type == VENDOR_SPECIFIC) {
        vendorGroups(a.getData(), out);
        continue;
      }
      if (a.getType().length() != 1 || NOT_GROUPS.contains(type)) {
        continue;
      }
      String source =
          type == CLASS
              ? GroupFacts.RADIUS_CLASS
              : type == FILTER_ID
                  ? GroupFacts.RADIUS_FILTER_ID
                  : GroupFacts.RADIUS_ATTR + ":" + type;
      add(out, GroupFacts.ofBytes(source, bytesOf(a.getData())));
    }
    return out;
  }

  /** Attributes of an Access-Accept that never name a group, or that the gateway reads as such. */
  private static final Set<Integer> NOT_GROUPS =
      Set.of(
          REPLY_MESSAGE,
          STATE,
          79,
          80,
          FRAMED_IP_ADDRESS,
          SESSION_TIMEOUT,
          ACCT_INTERIM_INTERVAL,
          PROMPT);

  /**
   * The sub-attributes of one Vendor-Specific attribute, decoded by aaa4j or raw (RFC 2865 5.26).
   */
  private static void vendorGroups(Data data, Set<String> out) {
    if (data instanceof VsaData v) {
      add(out, vendorFact(v.getVendorId(), v.getVendorType(), v.getVsaData()));
      return;
    }
    if (!(data instanceof StringData s) || s.getValue().length < 4) {
      return;
    }
    int vendor = ByteBuffer.wrap(s.getValue(), 0, 4).getInt();
    for (Map.Entry<Integer, byte[]> e : rawVendorEntries(s.getValue())) {
      add(out, vendorFact(vendor, e.getKey(), e.getValue()));
    }
  }

  private static String vendorFact(int vendor, int type, byte[] value) {
    return GroupFacts.ofBytes(
        GroupFacts.RADIUS_VSA + ":" + Integer.toUnsignedString(vendor) + ":" + type, value);
  }

  private static void add(Set<String> out, String fact) {
    if (fact != null) {
      out.add(fact);
    }
  }

  /** Prompt (RFC 2869 5.10): 1 = Echo, 0 = No-Echo; absent means no echo. */
  static boolean echo(Packet p) {
    return bytes(p, PROMPT).filter(b -> b.length == 4).map(b -> intOf(b) == 1).orElse(false);
  }

  private static int intOf(byte[] b) {
    return ByteBuffer.wrap(b).getInt();
  }

  private static byte[] bytesOf(Data d) {
    return switch (d) {
      case StringData s -> s.getValue();
      case TextData t -> t.getValue().getBytes(StandardCharsets.UTF_8);
      case Ipv4AddrData ip -> ip.getValue().getAddress();
      case IntegerData i -> ByteBuffer.allocate(4).putInt(i.getValue()).array();
      case EnumData e -> ByteBuffer.allocate(4).putInt(e.getValue()).array();
      default -> new byte[0];
    };
  }
}
