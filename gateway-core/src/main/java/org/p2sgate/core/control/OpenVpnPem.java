package org.p2sgate.core.control;

import java.util.Base64;

/**
 * The PEM armour OpenVPN puts around tls-crypt-v2 keys ({@code crypto_pem_encode}: base64 in lines
 * of 64 characters between {@code -----BEGIN label-----} and {@code -----END label-----}). Text
 * outside the markers is ignored, as OpenVPN does. Messages never quote key material.
 */
final class OpenVpnPem {
  private OpenVpnPem() {}

  static String encode(String label, byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    sb.append("-----BEGIN ").append(label).append("-----\n");
    String b64 = Base64.getEncoder().encodeToString(bytes);
    for (int i = 0; i < b64.length(); i += 64) {
      sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
    }
    return sb.append("-----END ").append(label).append("-----\n").toString();
  }

  /**
   * The bytes inside the first {@code label} block of {@code text}.
   *
   * @throws IllegalArgumentException if there is no such block or it is not base64
   */
  static byte[] decode(String label, String text) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int b = text.indexOf(begin);
    int e = b < 0 ? -1 : text.indexOf(end, b);
    if (b < 0 || e < 0) {
      throw new IllegalArgumentException("not an " + label + " (no '" + begin + "' block)");
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e).strip());
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("the " + label + " block is not valid base64");
    }
  }
}
