package org.p2sgate.auth.radius;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import org.p2sgate.auth.AuthResult;

/**
 * What an OpenVPN client put in its password field: a plain password, the answer to a dynamic
 * challenge ({@code CRV1::<state>::<response>}), or a static-challenge pair ({@code SCRV1:<base64
 * password>:<base64 response>}). The format is OpenVPN's (management-notes.txt, "Challenge/response
 * protocol"). Parsing is total: anything malformed is a plain password.
 */
public sealed interface ChallengeAnswer {

  /** Longest State we relay, in bytes: a RADIUS attribute holds at most 253. */
  int MAX_STATE_BYTES = 253;

  /** A password with no challenge involved. */
  record Plain(String password) implements ChallengeAnswer {
    public Plain {
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "Plain[password=<" + password.length() + " chars>]";
    }
  }

  /**
   * The answer to an Access-Challenge we relayed.
   *
   * @param state the RADIUS State attribute, as sent to the client (lower-case hex)
   * @param response what the user typed (an OTP code)
   */
  record Dynamic(byte[] state, String response) implements ChallengeAnswer {
    public Dynamic {
      state = state.clone();
      Objects.requireNonNull(response, "response");
    }

    @Override
    public byte[] state() {
      return state.clone();
    }

    @Override
    public String toString() {
      return "Dynamic[state=" + HexFormat.of().formatHex(state) + ", response=<hidden>]";
    }
  }

  /** A password and an OTP typed at the same time (OpenVPN {@code static-challenge}). */
  record Static(String password, String response) implements ChallengeAnswer {
    public Static {
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(response, "response");
    }

    @Override
    public String toString() {
      return "Static[password=<hidden>, response=<hidden>]";
    }
  }

  /**
   * The text sent after {@code AUTH_FAILED,} to ask the client a dynamic challenge: {@code
   * CRV1:<flags>:<state>:<base64 username>:<prompt>}, flags {@code R} (a response is required) and
   * {@code E} (echo it). The client answers with {@code CRV1::<state>::<response>}.
   */
  public static String dynamicChallenge(AuthResult.Challenge challenge, String username) {
    String flags = challenge.echo() ? "R,E" : "R";
    String user = Base64.getEncoder().encodeToString(username.getBytes(StandardCharsets.UTF_8));
    return "CRV1:" + flags + ":" + challenge.state() + ":" + user + ":" + challenge.prompt();
  }

  /** Reads a password field; never throws on odd input. */
  public static ChallengeAnswer parse(String field) {
    if (field == null) {
      return new Plain("");
    }
    if (field.startsWith("CRV1::")) {
      int end = field.indexOf("::", 6);
      if (end > 6) {
        String hex = field.substring(6, end);
        if (hex.length() % 2 == 0 && hex.length() <= 2 * MAX_STATE_BYTES && isHex(hex)) {
          return new Dynamic(HexFormat.of().parseHex(hex), field.substring(end + 2));
        }
      }
      return new Plain(field);
    }
    if (field.startsWith("SCRV1:")) {
      String[] parts = field.split(":", -1);
      if (parts.length == 3) {
        byte[] password = null;
        byte[] response = null;
        try {
          Base64.Decoder b64 = Base64.getDecoder();
          password = b64.decode(parts[1]);
          response = b64.decode(parts[2]);
          return new Static(
              new String(password, StandardCharsets.UTF_8),
              new String(response, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
          return new Plain(field);
        } finally {
          wipe(password);
          wipe(response);
        }
      }
      return new Plain(field);
    }
    return new Plain(field);
  }

  private static void wipe(byte[] bytes) {
    if (bytes != null) {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!HexFormat.isHexDigit(s.charAt(i))) { // ASCII only: Character.digit takes other scripts
        return false;
      }
    }
    return true;
  }
}
