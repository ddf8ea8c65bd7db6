package org.p2sgate.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.p2sgate.core.config.YamlModel.Scalar;
import org.p2sgate.tun.route.Ipv4Prefix;

/**
 * The {@code routes:} section of gateway.yaml: {@code static} routes (pushed as {@code push.routes}
 * are) and {@code from-kernel}, the prefixes a kernel table holds, with {@code on-change}.
 */
final class YamlRoutes {
  private YamlRoutes() {}

  /** Adds the static routes to {@code push}; returns the kernel-table settings or {@code null}. */
  static RouteSettings apply(YamlModel.Routes r, YamlConverter c, List<String> push)
      throws ConfigException {
    for (Scalar s : nonNull(r.staticRoutes())) {
      Ipv4Prefix p = prefix(s, "routes.static", c);
      push.add("route " + p.addressText() + " " + p.maskText());
    }
    YamlModel.FromKernel k = r.fromKernel();
    if (k == null) {
      if (r.onChange() != null || r.reconnectPerSecond() != null) {
        throw c.error(
            r.onChange() != null ? r.onChange() : r.reconnectPerSecond(),
            "routes",
            "on-change and reconnect-per-second apply to routes.from-kernel, which is not set");
      }
      return null;
    }
    Scalar table =
        c.required(k.table(), "routes.from-kernel.table", "the kernel table to follow, e.g. 100");
    int t = c.integer(table, "routes.from-kernel.table", 1, Integer.MAX_VALUE);
    if (t == 255) {
      throw c.error(table, "routes.from-kernel.table", "255 is the kernel's local table");
    }
    List<Ipv4Prefix> include = prefixes(k.include(), "routes.from-kernel.include", c);
    if (include.isEmpty()) {
      throw c.error(
          table,
          "routes.from-kernel.include",
          "name the prefixes that may be pushed, e.g. include: [10.0.0.0/8]");
    }
    List<Ipv4Prefix> exclude = prefixes(k.exclude(), "routes.from-kernel.exclude", c);
    int max =
        k.max() == null
            ? RouteSettings.DEFAULT_MAX
            : c.integer(k.max(), "routes.from-kernel.max", 1, 10_000);
    RouteSettings.OnChange onChange =
        r.onChange() == null
            ? RouteSettings.OnChange.KEEP
            : c.choice(
                r.onChange(),
                "routes.on-change",
                RouteSettings.OnChange.KEEP,
                Map.of(
                    "keep", RouteSettings.OnChange.KEEP,
                    "reconnect", RouteSettings.OnChange.RECONNECT),
                "must be keep or reconnect, got '" + r.onChange().text() + "'");
    int pace =
        r.reconnectPerSecond() == null
            ? RouteSettings.DEFAULT_RECONNECT_PER_SECOND
            : c.integer(r.reconnectPerSecond(), "routes.reconnect-per-second", 1, 1000);
    return new RouteSettings(t, include, exclude, max, onChange, pace);
  }

  private static List<Ipv4Prefix> prefixes(List<Scalar> list, String key, YamlConverter c)
      throws ConfigException {
    List<Ipv4Prefix> out = new ArrayList<>();
    for (Scalar s : nonNull(list)) {
      out.add(prefix(s, key, c));
    }
    return out;
  }

  private static Ipv4Prefix prefix(Scalar s, String key, YamlConverter c) throws ConfigException {
    try {
      Ipv4.Network n = Ipv4.cidr(s.text());
      return new Ipv4Prefix(Ipv4.toInt(n.address()), n.prefix());
    } catch (ValueException e) {
      throw c.error(s, key, e.getMessage());
    }
  }

  private static List<Scalar> nonNull(List<Scalar> list) {
    return list == null ? List.of() : list;
  }
}
