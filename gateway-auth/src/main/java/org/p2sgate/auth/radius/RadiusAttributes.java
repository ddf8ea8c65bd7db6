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
    int pos = 4;
    while (pos + 2 <= body.length) {
      int type = body[pos] & 0xff;
      int len = body[pos + 1] & 0xff;
      if (len < 2 || pos + len > body.length) {
        return Optional.empty();
      }
      if (type == vendorType) {
        byte[] out = new byte[len - 2];
        System.arraycopy(body, pos + 2, out, 0, out.length);
        return Optional.of(out);
      }
      pos += len;
    }
    return Optional.empty();
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
   * The group facts of an Access-Accept: every Class (RFC 2865 5.25) and every Filter-Id (5.11)
   * attribute, as {@code radius-class:VALUE} and {@code radius-filter-id:VALUE}.
   */
  static Set<String> groups(Packet p) {
    Set<String> out = new TreeSet<>();
    for (Attribute<?> a : p.getAttributes()) {
      if (a.getType().length() != 1) {
        continue;
      }
      int type = a.getType().head();
      String fact =
          type == CLASS
              ? GroupFacts.ofBytes(GroupFacts.RADIUS_CLASS, bytesOf(a.getData()))
              : type == FILTER_ID
                  ? GroupFacts.ofBytes(GroupFacts.RADIUS_FILTER_ID, bytesOf(a.getData()))
                  : null;
      if (fact != null) {
        out.add(fact);
      }
    }
    return out;
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
