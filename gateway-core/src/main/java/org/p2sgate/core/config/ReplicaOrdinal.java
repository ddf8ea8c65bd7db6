package org.p2sgate.core.config;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which replica of a scaled-out deployment this gateway is, for {@code pool: { slice: auto }}:
 * {@code --ordinal N} first, then the environment variable {@value #ENV}, then the host name's
 * trailing {@code -N}, as the pods of a Kubernetes StatefulSet are named ({@code p2sgate-0}, {@code
 * p2sgate-1}, ...). Pure: the command line hands in what it read.
 *
 * @param value the ordinal, if one was found
 * @param source where it came from, or why none was found (for messages)
 */
public record ReplicaOrdinal(OptionalInt value, String source) {
  /** The environment variable that names the ordinal. */
  public static final String ENV = "P2SGATE_ORDINAL";

  /** Largest ordinal taken: far more replicas than a slice plan can hold. */
  static final int MAX = 65_535;

  private static final Pattern TRAILING = Pattern.compile("-([0-9]{1,5})$");

  /** No ordinal and nothing to find one in (embedded use, the demo, tests). */
  public static final ReplicaOrdinal NONE =
      new ReplicaOrdinal(OptionalInt.empty(), "no --ordinal and no " + ENV + " were given");

  public ReplicaOrdinal {
    java.util.Objects.requireNonNull(value, "value");
    java.util.Objects.requireNonNull(source, "source");
  }

  /**
   * The ordinal from the first of these that is set.
   *
   * @param flag {@code --ordinal}, or {@code null}
   * @param env the value of {@value #ENV}, or {@code null}
   * @param hostname this host's name, or {@code null} when unknown
   * @throws ConfigException when the flag or the variable is not a number 0..65535
   */
  public static ReplicaOrdinal resolve(Integer flag, String env, String hostname)
      throws ConfigException {
    if (flag != null) {
      if (flag < 0 || flag > MAX) {
        throw new ConfigException("--ordinal: must be from 0 to " + MAX + ", got " + flag);
      }
      return new ReplicaOrdinal(OptionalInt.of(flag), "--ordinal " + flag);
    }
    if (env != null && !env.isBlank()) {
      String text = env.strip();
      if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) > MAX) {
        throw new ConfigException(
            ENV + ": must be a number from 0 to " + MAX + ", got '" + env + "'");
      }
      return new ReplicaOrdinal(OptionalInt.of(Integer.parseInt(text)), ENV + "=" + text);
    }
    if (hostname == null || hostname.isBlank()) {
      return new ReplicaOrdinal(
          OptionalInt.empty(), "no --ordinal, no " + ENV + " and no host name to read one from");
    }
    Matcher m = TRAILING.matcher(hostname.strip());
    if (m.find() && Integer.parseInt(m.group(1)) <= MAX) {
      int n = Integer.parseInt(m.group(1));
      return new ReplicaOrdinal(OptionalInt.of(n), "host name '" + hostname.strip() + "'");
    }
    return new ReplicaOrdinal(
        OptionalInt.empty(),
        "no --ordinal, no "
            + ENV
            + ", and the host name '"
            + hostname.strip()
            + "' does not end in -N as a StatefulSet pod's does");
  }
}
