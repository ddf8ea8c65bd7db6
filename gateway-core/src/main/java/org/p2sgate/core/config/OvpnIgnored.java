package org.p2sgate.core.config;

import java.util.Map;

/**
 * Directives that p2sgate accepts but does not act on. Each one yields a warning that says why it
 * is harmless, or, for {@code user}/{@code group}, what is different.
 */
final class OvpnIgnored {
  private static final Map<String, String> WHY =
      Map.of(
          "tls-server", "p2sgate is always the TLS server",
          "persist-key", "p2sgate never re-reads its keys while running, so this always holds",
          "persist-tun", "p2sgate keeps the TUN device open while it runs, so this always holds",
          "disable-dco", "p2sgate runs in user space and never uses data channel offload",
          "fast-io", "p2sgate's sockets and TUN device are always read and written without waiting",
          "machine-readable-output",
              "p2sgate always logs one line per event with a timestamp and level");

  private OvpnIgnored() {}

  static void ignore(OvpnDirective d, OvpnContext c) {
    c.warn(d, "'" + d.name() + "' ignored: " + WHY.get(d.name()));
  }

  static void mode(OvpnDirective d, OvpnContext c) throws ConfigException {
    if (!d.arg(0).equals("server")) {
      throw c.error(
          d, "'mode " + d.arg(0) + "' is not supported: p2sgate is a multi-client server");
    }
    c.warn(d, "'mode server' ignored: p2sgate always runs as a multi-client server");
  }

  static void privileges(OvpnDirective d, OvpnContext c) {
    c.warn(
        d,
        "'"
            + d.name()
            + " "
            + d.arg(0)
            + "' ignored: p2sgate does NOT drop privileges and keeps running as the account that"
            + " started it; run it as a dedicated account with CAP_NET_ADMIN instead");
  }

  static void compress(OvpnDirective d, OvpnContext c) throws ConfigException {
    String algo = d.args().isEmpty() ? "" : d.arg(0);
    switch (algo) {
      case "", "stub", "stub-v2", "migrate" -> c.warn(d, noCompression(d, false));
      case "lzo", "lz4", "lz4-v2" -> c.warn(d, noCompression(d, true));
      default -> throw c.error(d, "unknown compression '" + algo + "'");
    }
  }

  static void compLzo(OvpnDirective d, OvpnContext c) throws ConfigException {
    String mode = d.args().isEmpty() ? "adaptive" : d.arg(0);
    switch (mode) {
      case "no" -> c.warn(d, noCompression(d, false));
      case "yes", "adaptive" -> c.warn(d, noCompression(d, true));
      default -> throw c.error(d, "unknown 'comp-lzo' mode '" + mode + "' (yes, no or adaptive)");
    }
  }

  static void allowCompression(OvpnDirective d, OvpnContext c) throws ConfigException {
    switch (d.arg(0)) {
      case "no" -> c.warn(d, noCompression(d, false));
      case "yes", "asym" -> c.warn(d, noCompression(d, true));
      default ->
          throw c.error(d, "unknown 'allow-compression' value '" + d.arg(0) + "' (yes, no, asym)");
    }
  }

  private static String noCompression(OvpnDirective d, boolean wouldCompress) {
    String what = ("'" + d.name() + " " + String.join(" ", d.args())).strip() + "'";
    return what
        + " ignored: p2sgate never compresses and moves clients off compression (as 'compress"
        + " migrate' does)"
        + (wouldCompress ? "; packets are sent uncompressed" : ", so this changes nothing");
  }
}
