package org.p2sgate.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One change a client-config-dir file makes to the options pushed to its client, applied in file
 * order to the list the client inherits (the gateway's {@code push} options), as the reference
 * does.
 */
public sealed interface PushEdit {
  /** {@code push "OPTION"}: appended. */
  record Push(String option) implements PushEdit {}

  /**
   * {@code push-remove PREFIX}: every option so far whose text starts with {@code PREFIX} goes
   * ({@code push-remove route} removes {@code route ...} and {@code route-ipv6 ...}).
   */
  record Remove(String prefix) implements PushEdit {}

  /** {@code push-reset}: every option so far goes. */
  record Reset() implements PushEdit {}

  /** {@code inherited} with {@code edits} applied in order (a new list). */
  static List<String> apply(List<String> inherited, List<PushEdit> edits) {
    List<String> out = new ArrayList<>(inherited);
    for (PushEdit e : edits) {
      switch (e) {
        case Push p -> out.add(p.option());
        case Remove r -> out.removeIf(o -> o.startsWith(r.prefix()));
        case Reset r -> out.clear();
      }
    }
    return out;
  }
}
