package org.p2sgate.core.config;

import java.util.HashMap;
import java.util.Map;

/**
 * The OpenVPN server directives p2sgate accepts: how many arguments each takes, whether it may be
 * an inline block, and which handler applies it. Anything not in the table is refused with the file
 * and line, so that no setting is silently dropped.
 */
final class OvpnDirectives {
  @FunctionalInterface
  interface Handler {
    void apply(OvpnDirective d, OvpnContext ctx) throws ConfigException;
  }

  record Spec(int minArgs, int maxArgs, boolean inlineAllowed, Handler handler) {}

  private static final Map<String, Spec> TABLE = new HashMap<>();

  private static void add(String name, int min, int max, Handler h) {
    TABLE.put(name, new Spec(min, max, false, h));
  }

  private static void addInline(String name, int min, int max, Handler h) {
    TABLE.put(name, new Spec(min, max, true, h));
  }

  static {
    add("port", 1, 1, OvpnNetDirectives::port);
    add("proto", 1, 1, OvpnNetDirectives::proto);
    add("local", 1, 1, OvpnNetDirectives::local);
    add("dev", 1, 1, OvpnNetDirectives::dev);
    add("dev-type", 1, 1, OvpnNetDirectives::devType);
    add("server", 2, 3, OvpnNetDirectives::server);
    add("server-ipv6", 1, 1, OvpnNetDirectives::serverIpv6);
    add("tun-ipv6", 0, 0, (d, c) -> c.warn(d, "'tun-ipv6' ignored: TUN devices carry IPv6 always"));
    add("topology", 1, 1, OvpnNetDirectives::topology);
    add("push", 1, 1, OvpnNetDirectives::push);
    add("keepalive", 2, 2, OvpnNetDirectives::keepalive);
    add("ping", 1, 1, OvpnNetDirectives::ping);
    add("ping-restart", 1, 1, OvpnNetDirectives::pingRestart);
    add("client-to-client", 0, 0, (d, c) -> c.draft.clientToClient = true);
    add("duplicate-cn", 0, 0, (d, c) -> c.draft.duplicateCn = true);
    add("max-clients", 1, 1, (d, c) -> c.draft.maxClients = c.intArg(d, 0, 1, 65536));
    add("connect-freq-initial", 2, 2, OvpnNetDirectives::connectFreqInitial);
    add("verb", 1, 1, (d, c) -> c.draft.verbosity = c.intArg(d, 0, 0, 11));
    add("explicit-exit-notify", 0, 1, OvpnNetDirectives::explicitExitNotify);
    add("tun-mtu", 1, 1, (d, c) -> c.draft.tunMtu = c.intArg(d, 0, 576, 9000));
    add("mssfix", 0, 2, OvpnNetDirectives::mssfix);
    add(
        "txqueuelen",
        1,
        1,
        (d, c) -> c.draft.txQueueLen = c.intArg(d, 0, 1, KernelBuffers.MAX_TUN_QUEUE));
    add(
        "sndbuf",
        1,
        1,
        (d, c) -> c.draft.sndbuf = c.intArg(d, 0, 0, KernelBuffers.MAX_SOCKET_BUFFER));
    add(
        "rcvbuf",
        1,
        1,
        (d, c) -> c.draft.rcvbuf = c.intArg(d, 0, 0, KernelBuffers.MAX_SOCKET_BUFFER));

    addInline("ca", 1, 1, OvpnTlsDirectives::ca);
    addInline("cert", 1, 1, OvpnTlsDirectives::cert);
    addInline("key", 1, 1, OvpnTlsDirectives::key);
    addInline("dh", 1, 1, OvpnTlsDirectives::dh);
    addInline("tls-crypt", 1, 1, OvpnTlsDirectives::tlsCrypt);
    addInline("tls-auth", 1, 2, OvpnTlsDirectives::tlsAuth);
    addInline("tls-crypt-v2", 1, 2, OvpnTlsDirectives::tlsCryptV2);
    add("tls-crypt-v2-max-age", 1, 1, OvpnTlsDirectives::tlsCryptV2MaxAge);
    add("key-direction", 1, 1, OvpnTlsDirectives::keyDirection);
    add("auth", 1, 1, OvpnTlsDirectives::auth);
    add("data-ciphers", 1, 1, OvpnTlsDirectives::dataCiphers);
    add("ncp-ciphers", 1, 1, OvpnTlsDirectives::dataCiphers);
    add("data-ciphers-fallback", 1, 1, OvpnTlsDirectives::dataCiphersFallback);
    add("cipher", 1, 1, OvpnTlsDirectives::cipher);
    add("tls-version-min", 1, 2, OvpnTlsDirectives::tlsVersionMin);
    add("reneg-sec", 1, 2, (d, c) -> c.draft.renegSec = c.secondsArg(d, 0, 0, 31_622_400));
    add("hand-window", 1, 1, (d, c) -> c.draft.handWindow = c.secondsArg(d, 0, 1, 86_400));

    add("mode", 1, 1, OvpnIgnored::mode);
    add("tls-server", 0, 0, OvpnIgnored::ignore);
    add("persist-key", 0, 0, OvpnIgnored::ignore);
    add("persist-tun", 0, 0, OvpnIgnored::ignore);
    // the file is saved within a second of a change, whatever interval is given
    add(
        "ifconfig-pool-persist",
        1,
        2,
        (d, c) -> c.draft.poolPersist = ConfigFiles.resolve(c.baseDir, d.arg(0)));
    add("status", 1, 2, OvpnOperatorDirectives::status);
    add("status-version", 1, 1, OvpnOperatorDirectives::statusVersion);
    add("management", 2, 3, OvpnOperatorDirectives::management);
    add("disable-dco", 0, 0, OvpnIgnored::ignore);
    add("fast-io", 0, 0, OvpnIgnored::ignore);
    add("machine-readable-output", 0, 0, OvpnIgnored::ignore);
    add("user", 1, 1, OvpnIgnored::privileges);
    add("group", 1, 1, OvpnIgnored::privileges);
    add("compress", 0, 1, OvpnIgnored::compress);
    add("comp-lzo", 0, 1, OvpnIgnored::compLzo);
    add("allow-compression", 1, 1, OvpnIgnored::allowCompression);
    add("crl-verify", 1, 2, OvpnTlsDirectives::crlVerify);
    add(
        "client-config-dir",
        1,
        1,
        (d, c) -> c.draft.clientConfigDir = ConfigFiles.resolve(c.baseDir, d.arg(0)));
    add(
        "ccd-exclusive",
        0,
        0,
        (d, c) -> {
          c.draft.ccdExclusive = true;
          c.draft.ccdExclusiveAt = c.at(d);
        });
    add("push-reset", 0, 0, OvpnDirectives::clientOnly);
    add("push-remove", 1, 1, OvpnDirectives::clientOnly);
    add("ifconfig-push", 2, 3, OvpnDirectives::clientOnly);
    add("disable", 0, 0, OvpnDirectives::clientOnly);
  }

  private static final String MANAGEMENT_ONLY =
      "p2sgate's management interface answers status, kill, client-kill, load-stats, version,"
          + " pid, help and quit only; remove it";

  /** Hints for directives operators commonly have that p2sgate refuses. */
  private static final Map<String, String> HINTS =
      Map.ofEntries(
          Map.entry(
              "tls-crypt-v2-verify",
              "scripts are not run; to refuse a tls-crypt-v2 client key by its metadata before"
                  + " any TLS, list it in gateway.yaml tls-crypt-v2.revoked (README, tls-crypt-v2)"),
          Map.entry(
              "ifconfig-ipv6-pool",
              "use 'server-ipv6 NET/BITS': it sets the gateway's address (NET+1) and the pool,"
                  + " each client's IPv6 address following its IPv4 one"),
          Map.entry("ifconfig-ipv6", "use 'server-ipv6 NET/BITS' (the gateway takes NET+1)"),
          Map.entry(
              "route-ipv6",
              "p2sgate adds no routes on the gateway host; add them with 'ip -6 route' and push"
                  + " client routes with push \"route-ipv6 ...\""),
          Map.entry("log", "p2sgate logs to standard output; remove it and redirect the output"),
          Map.entry(
              "log-append", "p2sgate logs to standard output; remove it and redirect the output"),
          Map.entry("daemon", "p2sgate runs in the foreground; use your service manager"),
          Map.entry("management-hold", MANAGEMENT_ONLY),
          Map.entry("management-query-passwords", MANAGEMENT_ONLY),
          Map.entry("management-query-remote", MANAGEMENT_ONLY),
          Map.entry("management-query-proxy", MANAGEMENT_ONLY),
          Map.entry("management-client-auth", MANAGEMENT_ONLY),
          Map.entry("management-client-pf", MANAGEMENT_ONLY),
          Map.entry("management-client", MANAGEMENT_ONLY),
          Map.entry("management-client-user", MANAGEMENT_ONLY),
          Map.entry("management-client-group", MANAGEMENT_ONLY),
          Map.entry("management-log-cache", MANAGEMENT_ONLY),
          Map.entry("management-up-down", MANAGEMENT_ONLY),
          Map.entry("management-signal", MANAGEMENT_ONLY),
          Map.entry("management-forget-disconnect", MANAGEMENT_ONLY),
          Map.entry("management-external-key", MANAGEMENT_ONLY),
          Map.entry("management-external-cert", MANAGEMENT_ONLY),
          Map.entry(
              "plugin",
              "plugins are not supported; RADIUS and Entra ID are built in: run with --config"
                  + " gateway.yaml and its auth: block (README, Authentication)"),
          Map.entry(
              "auth-user-pass-verify",
              "scripts are not supported; RADIUS and Entra ID are built in: run with --config"
                  + " gateway.yaml and its auth: block (README, Authentication)"),
          Map.entry(
              "verify-client-cert",
              "the auth policy decides whether a certificate is asked for: gateway.yaml"
                  + " auth.policy (README, Authentication)"),
          Map.entry("auth-gen-token", "use gateway.yaml auth.token (README, Authentication)"),
          Map.entry("script-security", "scripts are not supported; remove it"),
          Map.entry(
              "route",
              "p2sgate adds no routes on the gateway host; add them with 'ip route' and push"
                  + " client routes with push \"route ...\""));

  private OvpnDirectives() {}

  static void apply(OvpnDirective d, OvpnContext ctx) throws ConfigException {
    Spec spec = TABLE.get(d.name());
    if (spec == null) {
      String hint = HINTS.getOrDefault(d.name(), "not supported by p2sgate; remove it");
      String what = d.isInline() ? "inline block <" + d.name() + ">" : "directive";
      throw ctx.error(d, "unsupported " + what + " '" + d.name() + "' (" + hint + ")");
    }
    if (d.isInline()) {
      if (!spec.inlineAllowed()) {
        throw ctx.error(d, "'" + d.name() + "' cannot be given as an inline block");
      }
    } else if (d.args().size() < spec.minArgs() || d.args().size() > spec.maxArgs()) {
      throw ctx.error(d, "'" + d.name() + "' " + arity(spec) + ", got " + d.args().size());
    }
    spec.handler().apply(d, ctx);
  }

  /** A client-specific directive in the server's own file: the reference refuses it there too. */
  private static void clientOnly(OvpnDirective d, OvpnContext c) throws ConfigException {
    throw c.error(
        d,
        "'"
            + d.name()
            + "' belongs in a client's file in the client-config-dir, not in the server's"
            + " configuration (as in OpenVPN)");
  }

  private static String arity(Spec s) {
    if (s.maxArgs() == 0) {
      return "takes no arguments";
    }
    String n =
        s.minArgs() == s.maxArgs()
            ? "" + s.minArgs()
            : s.minArgs() == 0 ? "at most " + s.maxArgs() : s.minArgs() + " to " + s.maxArgs();
    return "takes " + n + (s.maxArgs() == 1 ? " argument" : " arguments");
  }
}
