package org.p2sgate.core.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * One subjectAltName entry: a DNS name or IP address (the gateway's certificate), a Microsoft UPN
 * (otherName 1.3.6.1.4.1.311.20.2.3) or an e-mail address (client certificates). Written and read
 * as {@code TYPE:value}, e.g. {@code DNS:vpn.example.com}, {@code UPN:alice@corp.example}.
 *
 * @param type the kind of name
 * @param value the name, validated for its kind
 */
public record San(Type type, String value) {
  /** The otherName type id of a UPN (szOID_NT_PRINCIPAL_NAME). */
  static final String UPN_OID = "1.3.6.1.4.1.311.20.2.3";

  private static final Pattern DNS =
      Pattern.compile(
          "(?=.{1,253}$)(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
              + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  private static final Pattern IP_CHARS = Pattern.compile("[0-9A-Fa-f.:]{2,45}");
  private static final Pattern MAILBOX =
      Pattern.compile("[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

  /** The kinds of names issued. */
  public enum Type {
    DNS,
    IP,
    UPN,
    EMAIL
  }

  public San {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    boolean ok =
        switch (type) {
          case DNS -> DNS.matcher(value).matches();
          case IP -> isIpLiteral(value);
          case UPN, EMAIL -> MAILBOX.matcher(value).matches();
        };
    if (!ok) {
      throw new IllegalArgumentException(
          "'" + value + "' is not " + (type == Type.IP ? "an IP address" : "a valid " + type));
    }
  }

  /** A DNS name, or an IP address when {@code text} is one: the way server names are given. */
  public static San hostName(String text) {
    return isIpLiteral(text) ? new San(Type.IP, text) : new San(Type.DNS, text);
  }

  /** Parses {@code TYPE:value} as written by {@link #toString()}. */
  public static San parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("expected TYPE:value, got '" + text + "'");
    }
    Type type;
    try {
      type = Type.valueOf(text.substring(0, colon).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown name type in '" + text + "'");
    }
    return new San(type, text.substring(colon + 1));
  }

  GeneralName toGeneralName() {
    return switch (type) {
      case DNS -> new GeneralName(GeneralName.dNSName, value);
      case IP -> new GeneralName(GeneralName.iPAddress, value);
      case EMAIL -> new GeneralName(GeneralName.rfc822Name, value);
      case UPN -> {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1ObjectIdentifier(UPN_OID));
        v.add(new DERTaggedObject(true, 0, new DERUTF8String(value)));
        yield new GeneralName(GeneralName.otherName, new DERSequence(v));
      }
    };
  }

  private static boolean isIpLiteral(String text) {
    if (!IP_CHARS.matcher(text).matches()
        || !(text.contains(":") || text.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
      return false;
    }
    try {
      InetAddress.getByName(text); // a literal: no lookup happens
      return true;
    } catch (UnknownHostException | SecurityException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return type + ":" + value;
  }
}
