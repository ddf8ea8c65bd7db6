package org.p2sgate.core.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.p2sgate.core.routing.AllowList;
import org.p2sgate.core.routing.AllowRule;

/**
 * Who may reach what ({@code access:} in gateway.yaml): the access groups, and what a user in none
 * of them gets. A user in several groups gets the union of their routes and destinations.
 *
 * @param groups in configuration order
 * @param defaultAllow whether a user in no group may send anywhere ({@code default: allow}) or
 *     nowhere ({@code default: deny})
 */
public record AccessPolicy(List<AccessGroup> groups, boolean defaultAllow) {
  /** No {@code access:} section: every client may send anywhere, as before access groups. */
  public static final AccessPolicy OPEN = new AccessPolicy(List.of(), true);

  public AccessPolicy {
    groups = List.copyOf(groups);
  }

  /** What a login with these group facts gets. */
  public Grant grant(Set<String> facts) {
    List<String> names = new ArrayList<>();
    Set<String> routes = new LinkedHashSet<>();
    List<AllowRule> allow = new ArrayList<>();
    AccessGroup.Pool pool = null;
    for (AccessGroup g : groups) {
      if (g.match().stream().anyMatch(facts::contains)) {
        names.add(g.name());
        pool = pool != null ? pool : g.pool();
        routes.addAll(g.pushRoutes());
        allow.addAll(g.allow());
      }
    }
    if (names.isEmpty()) {
      return new Grant(List.of(), List.of(), defaultAllow ? AllowList.ALL : AllowList.NONE, null);
    }
    return new Grant(names, List.copyOf(routes), AllowList.of(allow), pool);
  }

  /**
   * What one session was granted at login.
   *
   * @param groups the names of the access groups the user is in (empty: the default applied)
   * @param pushRoutes options pushed besides the gateway's own
   * @param allow destinations the session may send to
   * @param pool where the session's address comes from: the first of its groups (in configuration
   *     order) that has a pool, or {@code null} for the whole pool
   */
  public record Grant(
      List<String> groups, List<String> pushRoutes, AllowList allow, AccessGroup.Pool pool) {
    /** Everything, nothing pushed besides the gateway's options. */
    public static final Grant OPEN = new Grant(List.of(), List.of(), AllowList.ALL, null);
  }
}
