package org.p2sgate.auth;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a client presented: its verified certificate chain (if any) and the username and password
 * from key method 2 (the password may be an OTP answer, a CRV1 response or an access token).
 *
 * @param certificateChain leaf first; empty when the client sent none
 * @param username possibly empty
 * @param password possibly empty; secret: {@link #toString()} never shows it
 */
public record Credentials(
    List<X509Certificate> certificateChain, String username, String password) {
  public Credentials {
    certificateChain = List.copyOf(certificateChain);
    username = username == null ? "" : username;
    password = password == null ? "" : password;
  }

  @Override
  public String toString() {
    return "Credentials[chain="
        + certificateChain.size()
        + " certs, username="
        + username
        + ", password="
        + (password.isEmpty() ? "<none>" : "<" + password.length() + " chars>")
        + "]";
  }
}
