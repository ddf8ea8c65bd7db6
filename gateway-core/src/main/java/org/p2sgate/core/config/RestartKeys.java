package org.p2sgate.core.config;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which settings a running gateway cannot take on a reload (SIGHUP, {@code POST /api/v1/reload}):
 * those bound to sockets, the TUN device, the address pool, the control-channel key every packet is
 * checked with, files it owns, the admin listener and the browser sign-in's listener. Everything
 * else (pushed options, ciphers, certificates, authentication, revocation lists, limits, timers)
 * applies to new logins at once.
 */
public final class RestartKeys {
  private RestartKeys() {}

  /**
   * The keys, by their gateway.yaml names, whose values differ between {@code running} and {@code
   * next} and that need a restart; empty when {@code next} can be applied while running.
   */
  public static List<String> changed(ServerConfig running, ServerConfig next) {
    List<String> keys = new ArrayList<>();
    if (!Objects.equals(running.listenAddress(), next.listenAddress())
        || running.port() != next.port()
        || running.transports() != next.transports()) {
      keys.add("listen");
    }
    if (!running.tunName().equals(next.tunName()) || running.tunMtu() != next.tunMtu()) {
      keys.add("tun");
    }
    if (!running.poolNetwork().equals(next.poolNetwork())
        || running.poolPrefix() != next.poolPrefix()) {
      keys.add("pool");
    }
    if (!Objects.equals(running.pool6(), next.pool6())) {
      keys.add("pool6");
    }
    if (!sameWrap(running.tlsWrap(), next.tlsWrap())) {
      keys.add(next.tlsWrap().mode() == TlsWrapConfig.Mode.TLS_AUTH ? "tls-auth" : "tls-crypt");
    }
    if (!sameServerKey(running.tlsWrap().v2(), next.tlsWrap().v2())) {
      keys.add("tls-crypt-v2"); // its revoked keys and max-age apply at a reload
    }
    if (!Objects.equals(running.poolPersist(), next.poolPersist())) {
      keys.add("pool-persist");
    }
    if (!Objects.equals(running.statePath(), next.statePath())) {
      keys.add("state-dir");
    }
    if (!Objects.equals(running.admin(), next.admin())) {
      keys.add("admin");
    }
    if (!Objects.equals(running.status(), next.status())) {
      keys.add("status");
    }
    if (!Objects.equals(running.management(), next.management())) {
      keys.add("management");
    }
    if (!Objects.equals(running.routes(), next.routes())) {
      keys.add("routes.from-kernel");
    }
    if (!Objects.equals(running.auth().sso(), next.auth().sso())) {
      keys.add("auth.sso"); // its listener and the sign-ins waiting in it live with the process
    }
    return keys;
  }

  private static boolean sameServerKey(TlsCryptV2Config a, TlsCryptV2Config b) {
    return a == null ? b == null : b != null && a.serverKey().sameAs(b.serverKey());
  }

  private static boolean sameWrap(TlsWrapConfig a, TlsWrapConfig b) {
    if (a.mode() != b.mode()
        || a.keyDirection() != b.keyDirection()
        || !a.authDigest().equals(b.authDigest())) {
      return false;
    }
    return a.key() == null
        ? b.key() == null
        : b.key() != null && MessageDigest.isEqual(a.key().bytes(), b.key().bytes());
  }
}
