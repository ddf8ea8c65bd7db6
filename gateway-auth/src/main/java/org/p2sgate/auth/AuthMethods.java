package org.p2sgate.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The authentication methods configured on this gateway, by name ({@code certificate}, {@code
 * radius}, {@code entra}, ...). Policies ({@link AuthPolicy}) refer to methods by these names and
 * are checked against this registry at start-up.
 */
public final class AuthMethods {
  /** Lower-case letters, digits and dashes; {@code +} separates methods in a policy. */
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  private final Map<String, Authenticator> byName;

  private AuthMethods(Map<String, Authenticator> byName) {
    this.byName = byName;
  }

  /**
   * @param methods name to authenticator; iteration order is kept for {@link #names()}
   * @throws IllegalArgumentException for a name that is not a valid method name
   */
  public static AuthMethods of(Map<String, ? extends Authenticator> methods) {
    Map<String, Authenticator> copy = new LinkedHashMap<>();
    methods.forEach(
        (name, authenticator) -> {
          checkName(name);
          copy.put(name, Objects.requireNonNull(authenticator, name));
        });
    return new AuthMethods(java.util.Collections.unmodifiableMap(copy));
  }

  /** Starts an empty registry. */
  public static Builder builder() {
    return new Builder();
  }

  static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid authentication method name '" + name + "' (expected [a-z][a-z0-9-]*)");
    }
  }

  /** The configured method of that name, if any. */
  public Optional<Authenticator> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  /** The configured names, in the order they were added. */
  public Set<String> names() {
    return byName.keySet();
  }

  @Override
  public String toString() {
    return "AuthMethods" + byName.keySet();
  }

  /** Collects methods one at a time; a name may be added only once. */
  public static final class Builder {
    private final Map<String, Authenticator> methods = new LinkedHashMap<>();

    private Builder() {}

    public Builder add(String name, Authenticator authenticator) {
      checkName(name);
      Objects.requireNonNull(authenticator, name);
      if (methods.putIfAbsent(name, authenticator) != null) {
        throw new IllegalArgumentException("authentication method '" + name + "' added twice");
      }
      return this;
    }

    public AuthMethods build() {
      return AuthMethods.of(methods);
    }
  }
}
