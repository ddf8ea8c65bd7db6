package org.p2sgate.core.config;

import java.time.Duration;

/** Handlers for the listener, TUN, address pool, push and keepalive directives. */
final class OvpnNetDirectives {
  private OvpnNetDirectives() {}

  static void port(OvpnDirective d, OvpnContext c) throws ConfigException {
    c.draft.port = c.intArg(d, 0, 1, 65535);
  }

  static void proto(OvpnDirective d, OvpnContext c) throws ConfigException {
    String p = d.arg(0);
    switch (p) {
      case "udp", "udp4", "udp6" -> c.draft.transports = ServerConfig.Transports.UDP;
      case "tcp", "tcp-server", "tcp4", "tcp4-server", "tcp6", "tcp6-server" ->
          c.draft.transports = ServerConfig.Transports.TCP;
      case "tcp-client", "tcp4-client", "tcp6-client" ->
          throw c.error(d, "'proto " + p + "' is for clients; a gateway uses 'proto tcp-server'");
      default ->
          throw c.error(
              d, "unknown protocol '" + p + "' (use udp, udp4, udp6, tcp-server, tcp4 or tcp6)");
    }
    c.listenFamily = p.contains("6") ? 6 : p.contains("4") ? 4 : 0;
  }

  static void local(OvpnDirective d, OvpnContext c) throws ConfigException {
    try {
      c.local = Inet.address(d.arg(0), true);
    } catch (ValueException e) {
      throw c.error(d, "'local': " + e.getMessage());
    }
  }

  static void dev(OvpnDirective d, OvpnContext c) throws ConfigException {
    String name = d.arg(0);
    if (name.startsWith("tap")) {
      throw c.error(d, "TAP devices (layer 2 bridging) are not supported; use 'dev tun'");
    }
    if (name.length() > 15 || !name.matches("[A-Za-z0-9_.%-]+")) {
      throw c.error(
          d, "device name '" + name + "' must be 1 to 15 letters, digits or '_', '-', '.'");
    }
    c.draft.tunName = name.equals("tun") ? "tun%d" : name;
    c.devLine = d.line();
  }

  static void devType(OvpnDirective d, OvpnContext c) throws ConfigException {
    switch (d.arg(0)) {
      case "tun" -> {}
      case "tap" ->
          throw c.error(d, "TAP devices (layer 2 bridging) are not supported; use 'dev-type tun'");
      default -> throw c.error(d, "unknown device type '" + d.arg(0) + "' (use 'dev-type tun')");
    }
  }

  static void server(OvpnDirective d, OvpnContext c) throws ConfigException {
    if (d.args().size() == 3) {
      if (d.arg(2).equals("nopool")) {
        throw c.error(
            d,
            "'server ... nopool' is not supported: p2sgate assigns client addresses from the"
                + " pool");
      }
      throw c.error(d, "unknown 'server' flag '" + d.arg(2) + "'");
    }
    try {
      int prefix = Ipv4.prefixOf(d.arg(1));
      if (prefix < 8 || prefix > 30) {
        throw new ValueException(
            "the pool netmask must be from 255.0.0.0 (/8) to 255.255.255.252 (/30), got /"
                + prefix);
      }
      c.draft.pool = Ipv4.network(Ipv4.parse(d.arg(0)), prefix, d.arg(0) + " " + d.arg(1));
    } catch (ValueException e) {
      throw c.error(d, "'server': " + e.getMessage());
    }
    c.serverLine = d.line();
  }

  /**
   * {@code server-ipv6 NET/BITS}: the IPv6 tunnel network, /64 to /124 as in the reference; the
   * gateway takes {@code NET+1}, clients {@code NET+0x1000} on (see {@code ippool.Ipv6Pool}).
   */
  static void serverIpv6(OvpnDirective d, OvpnContext c) throws ConfigException {
    try {
      c.draft.pool6 = Ipv6Network.parse(d.arg(0));
    } catch (ValueException e) {
      throw c.error(d, "'server-ipv6': " + e.getMessage());
    }
    c.serverIpv6Line = d.line();
  }

  static void topology(OvpnDirective d, OvpnContext c) throws ConfigException {
    switch (d.arg(0)) {
      case "subnet" -> c.topologyLine = d.line();
      case "net30", "p2p" ->
          throw c.error(
              d,
              "'topology "
                  + d.arg(0)
                  + "' is not supported: p2sgate only supports 'topology subnet' (clients"
                  + " follow the pushed topology, so changing it needs no client change)");
      default -> throw c.error(d, "unknown topology '" + d.arg(0) + "' (use 'topology subnet')");
    }
  }

  static void push(OvpnDirective d, OvpnContext c) throws ConfigException {
    String option = d.arg(0); // verbatim, as OpenVPN pushes it
    if (option.isBlank()) {
      throw c.error(d, "'push' needs an option to push, e.g. push \"route 10.0.0.0 255.0.0.0\"");
    }
    c.draft.push.add(option);
  }

  /**
   * {@code connect-freq-initial N S}: the reference answers at most N new clients per S seconds in
   * all; ours also per source and per network, which stay at their defaults (at most N).
   */
  static void connectFreqInitial(OvpnDirective d, OvpnContext c) throws ConfigException {
    int total = c.intArg(d, 0, 1, ConnectRate.MAX);
    Duration window = c.secondsArg(d, 1, 1, 3_600);
    ConnectRate dflt = ConnectRate.DEFAULT;
    c.draft.connectRate =
        new ConnectRate(
            window, Math.min(dflt.perSource(), total), Math.min(dflt.perNetwork(), total), total);
  }

  static void keepalive(OvpnDirective d, OvpnContext c) throws ConfigException {
    if (c.pingLine != 0) {
      throw conflict(d, c, c.pingLine);
    }
    Duration interval = c.secondsArg(d, 0, 1, 86_400);
    Duration timeout = c.secondsArg(d, 1, 1, 86_400);
    if (timeout.compareTo(interval.multipliedBy(2)) < 0) {
      throw c.error(
          d,
          "'keepalive': the timeout must be at least twice the interval (e.g. keepalive 10 60),"
              + " got "
              + interval.toSeconds()
              + " "
              + timeout.toSeconds());
    }
    c.draft.pingInterval = interval;
    c.draft.pingRestart = timeout;
    c.keepaliveLine = d.line();
  }

  static void ping(OvpnDirective d, OvpnContext c) throws ConfigException {
    if (c.keepaliveLine != 0) {
      throw conflict(d, c, c.keepaliveLine);
    }
    c.draft.pingInterval = c.secondsArg(d, 0, 1, 86_400);
    c.pingLine = d.line();
  }

  static void pingRestart(OvpnDirective d, OvpnContext c) throws ConfigException {
    if (c.keepaliveLine != 0) {
      throw conflict(d, c, c.keepaliveLine);
    }
    c.draft.pingRestart = c.secondsArg(d, 0, 1, 86_400);
    c.pingLine = d.line();
  }

  private static ConfigException conflict(OvpnDirective d, OvpnContext c, int otherLine) {
    return c.error(
        d,
        "'keepalive' and 'ping'/'ping-restart' cannot be combined (see line "
            + otherLine
            + "); 'keepalive INTERVAL TIMEOUT' alone is enough");
  }

  static void explicitExitNotify(OvpnDirective d, OvpnContext c) throws ConfigException {
    c.draft.explicitExitNotify = d.args().isEmpty() || c.intArg(d, 0, 0, 255) > 0;
  }

  static void mssfix(OvpnDirective d, OvpnContext c) throws ConfigException {
    c.draft.mssfix = d.args().isEmpty() ? ConfigDraft.MSSFIX_DEFAULT : c.intArg(d, 0, 0, 9000);
    if (d.args().size() == 2) {
      String flag = d.arg(1);
      if (!flag.equals("mtu") && !flag.equals("fixed")) {
        throw c.error(d, "unknown 'mssfix' flag '" + flag + "' (OpenVPN knows 'mtu' and 'fixed')");
      }
      c.warn(
          d,
          "the 'mssfix "
              + flag
              + "' flag is ignored: p2sgate clamps TCP MSS so that encapsulated packets fit in "
              + c.draft.mssfix
              + " bytes");
    }
  }
}
