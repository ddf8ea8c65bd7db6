package org.p2sgate.auth;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Where an authentication attempt comes from.
 *
 * @param source the client's transport address
 * @param sessionId the gateway's id for the session, for logs and accounting
 * @param peerInfo the client's IV_ variables (IV_VER, IV_PLAT, IV_SSO...)
 */
public record AuthContext(
    InetSocketAddress source, String sessionId, Map<String, String> peerInfo) {
  public AuthContext {
    peerInfo = Map.copyOf(peerInfo);
  }
}
