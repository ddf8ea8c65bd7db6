package org.p2sgate.core.config;

import java.util.List;
import java.util.Set;
import org.p2sgate.core.routing.AllowRule;

/**
 * One access group of {@code access.groups}: who is in it and what it grants.
 *
 * @param name the operator's name for the group, for logs
 * @param match group facts ({@code radius-class:eng}, {@code cert-ou:Engineering}): a user with any
 *     one of them is in the group
 * @param pushRoutes options pushed to members ({@code route NET MASK})
 * @param allow destinations members may send to
 * @param pool the part of the client pool members' addresses come from, or {@code null} for the
 *     whole pool
 */
public record AccessGroup(
    String name, Set<String> match, List<String> pushRoutes, List<AllowRule> allow, Pool pool) {
  /** A network inside the client pool. */
  public record Pool(java.net.Inet4Address network, int prefix) {
    @Override
    public String toString() {
      return network.getHostAddress() + "/" + prefix;
    }
  }

  /** A group taking its addresses from the whole pool. */
  public AccessGroup(
      String name, Set<String> match, List<String> pushRoutes, List<AllowRule> allow) {
    this(name, match, pushRoutes, allow, null);
  }

  public AccessGroup {
    match = Set.copyOf(match);
    pushRoutes = List.copyOf(pushRoutes);
    allow = List.copyOf(allow);
  }
}
