package org.p2sgate.auth;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * What a login says about the user's groups, as text facts {@code SOURCE:VALUE} that access groups
 * match literally: {@code radius-class:eng}, {@code radius-filter-id:eng}, {@code
 * radius-attr:11:eng} (any attribute by number), {@code radius-vsa:12356:1:eng} (a vendor's
 * attribute by vendor id and type: here Fortinet-Group-Name), {@code claim-groups:OBJECT-ID},
 * {@code claim-roles:Vpn.Eng}, {@code cert-ou:Engineering}, {@code cert-san-dns:host.example},
 * {@code cert-san-email:ann@example.com}, {@code cert-san-uri:urn:x}. Each source names its own
 * prefix, so a value from one source never matches a rule written for another.
 */
public final class GroupFacts {
  public static final String RADIUS_CLASS = "radius-class";
  public static final String RADIUS_FILTER_ID = "radius-filter-id";

  /** Any other attribute of an Access-Accept by number: {@code radius-attr:TYPE:VALUE}. */
  public static final String RADIUS_ATTR = "radius-attr";

  /** A vendor-specific attribute: {@code radius-vsa:VENDOR-ID:VENDOR-TYPE:VALUE}. */
  public static final String RADIUS_VSA = "radius-vsa";

  public static final String CLAIM_GROUPS = "claim-groups";
  public static final String CLAIM_ROLES = "claim-roles";
  public static final String CERT_OU = "cert-ou";
  public static final String CERT_SAN_DNS = "cert-san-dns";
  public static final String CERT_SAN_EMAIL = "cert-san-email";
  public static final String CERT_SAN_URI = "cert-san-uri";

  /** Every source a fact may name, for configuration checks. */
  public static final java.util.List<String> SOURCES =
      java.util.List.of(
          RADIUS_CLASS,
          RADIUS_FILTER_ID,
          RADIUS_ATTR,
          RADIUS_VSA,
          CLAIM_GROUPS,
          CLAIM_ROLES,
          CERT_OU,
          CERT_SAN_DNS,
          CERT_SAN_EMAIL,
          CERT_SAN_URI);

  /**
   * Longest value kept; longer ones (no RADIUS attribute holds more than 253 bytes) are cut off.
   */
  static final int MAX_VALUE = 253;

  private GroupFacts() {}

  /** The fact {@code source:value}, or {@code null} for an empty or unprintable value. */
  public static String of(String source, String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_VALUE) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return null;
      }
    }
    return source + ":" + value;
  }

  /**
   * The fact for a binary value (a RADIUS Class): its UTF-8 text when that is printable, else
   * {@code 0x} and its hex digits.
   */
  public static String ofBytes(String source, byte[] value) {
    if (value.length == 0 || value.length > MAX_VALUE) {
      return null;
    }
    String text = new String(value, StandardCharsets.UTF_8);
    String fact =
        java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), value)
            ? of(source, text)
            : null;
    return fact != null ? fact : source + ":0x" + HexFormat.of().formatHex(value);
  }
}
