package org.p2sgate.core.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a session without a client certificate must show again when it renegotiates: the login's
 * username and its password (or Entra token), or the auth-token the gateway pushed. Without this,
 * anyone who learnt the session id could complete a renegotiation of their own and take the
 * session's next data keys; a certificate session is bound by its certificate instead.
 *
 * <p>The password itself is not kept: only an HMAC of it under a random per-session key, compared
 * in constant time, and zeroed with the session.
 */
final class LoginProof {
  private final String username;
  private final byte[] key = new byte[32];
  private final byte[] digest;

  LoginProof(String username, String password, SecureRandom random) {
    this.username = username;
    random.nextBytes(key);
    this.digest = mac(password);
  }

  /** Whether a renegotiation's key-method-2 credentials are this login's (or its token). */
  boolean matches(String user, String password, String pushedToken) {
    if (!username.equals(user)) {
      return false;
    }
    boolean token =
        pushedToken != null
            && MessageDigest.isEqual(
                pushedToken.getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8));
    byte[] presented = mac(password);
    boolean same = MessageDigest.isEqual(digest, presented);
    Arrays.fill(presented, (byte) 0);
    return token || same;
  }

  void wipe() {
    Arrays.fill(key, (byte) 0);
    Arrays.fill(digest, (byte) 0);
  }

  private byte[] mac(String password) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m.doFinal(password.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "LoginProof[" + username + "]";
  }
}
