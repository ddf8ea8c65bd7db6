package org.p2sgate.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A named combination of authentication methods, written in config as the method names joined by
 * {@code +}: {@code certificate}, {@code certificate+radius}, {@code radius}. The methods run in
 * the order written and all must accept (see {@link ChainedAuthenticator}).
 *
 * <p>Policies are parsed and then {@linkplain #compose(AuthMethods) composed} against the
 * configured methods at start-up, so that a policy naming a method that is not configured stops the
 * gateway with a clear message instead of refusing users later. Anchor: SSHD {@code
 * ServerUserAuthService} ("Configured method is not supported").
 *
 * @param name the policy's name in config (e.g. {@code vpn-users}), for messages and logs
 * @param methods the method names, in order; at least one, no repeats
 */
public record AuthPolicy(String name, List<String> methods) {

  public AuthPolicy {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("policy name is empty");
    }
    methods = List.copyOf(methods);
    if (methods.isEmpty()) {
      throw new IllegalArgumentException("policy '" + name + "' names no method");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (String m : methods) {
      if (m == null || !AuthMethods.NAME.matcher(m).matches()) {
        throw new IllegalArgumentException(
            "policy '" + name + "': invalid method name '" + m + "' (expected [a-z][a-z0-9-]*)");
      }
      if (!seen.add(m)) {
        throw new IllegalArgumentException("policy '" + name + "' names method '" + m + "' twice");
      }
    }
  }

  /**
   * Parses a policy written as {@code method(+method)*}; blanks around names are ignored.
   *
   * @throws IllegalArgumentException for an empty spec, an empty or invalid name, or a repeat
   */
  public static AuthPolicy parse(String name, String spec) {
    Objects.requireNonNull(spec, "spec");
    if (spec.isBlank()) {
      throw new IllegalArgumentException("policy '" + name + "' names no method");
    }
    List<String> methods = new ArrayList<>();
    for (String part : spec.split("\\+", -1)) {
      String m = part.strip();
      if (m.isEmpty()) {
        throw new IllegalArgumentException(
            "policy '" + name + "': empty method name in '" + spec + "'");
      }
      methods.add(m);
    }
    return new AuthPolicy(name, methods);
  }

  /** Parses every policy of a config section (policy name to spec), keeping its order. */
  public static Map<String, AuthPolicy> parseAll(Map<String, String> specs) {
    Map<String, AuthPolicy> out = new LinkedHashMap<>();
    specs.forEach((name, spec) -> out.put(name, parse(name, spec)));
    return java.util.Collections.unmodifiableMap(out);
  }

  /**
   * Checks that every method this policy names is configured.
   *
   * @throws IllegalArgumentException "policy 'P' needs method 'M', which is not configured" for the
   *     first missing method
   */
  public void validate(AuthMethods configured) {
    for (String m : methods) {
      if (!configured.contains(m)) {
        throw new IllegalArgumentException(
            "policy '" + name + "' needs method '" + m + "', which is not configured");
      }
    }
  }

  /**
   * Validates, then builds one authenticator running this policy's methods in order.
   *
   * @throws IllegalArgumentException as {@link #validate(AuthMethods)}
   */
  public Authenticator compose(AuthMethods configured) {
    validate(configured);
    List<ChainedAuthenticator.Step> steps = new ArrayList<>();
    for (String m : methods) {
      steps.add(new ChainedAuthenticator.Step(m, configured.get(m).orElseThrow()));
    }
    return new ChainedAuthenticator(steps);
  }

  /**
   * Validates and composes several policies at once (start-up).
   *
   * @return policy name to composed authenticator, in the given order
   */
  public static Map<String, Authenticator> composeAll(
      Iterable<AuthPolicy> policies, AuthMethods configured) {
    Map<String, Authenticator> out = new LinkedHashMap<>();
    for (AuthPolicy p : policies) {
      if (out.put(p.name(), p.compose(configured)) != null) {
        throw new IllegalArgumentException("policy '" + p.name() + "' defined twice");
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The policy as written in config: {@code certificate+radius}. */
  public String spec() {
    return String.join("+", methods);
  }
}
