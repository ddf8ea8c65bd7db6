package org.p2sgate.core.config;

import java.net.Inet4Address;
import java.util.List;

/**
 * What one client-config-dir file says about its client ({@link ClientConfigParser}).
 *
 * @param file the file, for messages
 * @param address the static tunnel address of {@code ifconfig-push}, or {@code null}
 * @param netmask the netmask of {@code ifconfig-push}, or {@code null}
 * @param addressAt where {@code ifconfig-push} was, for messages ({@code null} without one)
 * @param pushEdits {@code push}, {@code push-remove} and {@code push-reset}, in file order
 * @param disabled whether the file says {@code disable}: the client is refused
 */
public record ClientConfig(
    String file,
    Inet4Address address,
    Inet4Address netmask,
    String addressAt,
    List<PushEdit> pushEdits,
    boolean disabled) {

  /** No file for the client: the gateway's options as they are. */
  public static final ClientConfig NONE = new ClientConfig("-", null, null, null, List.of(), false);

  public ClientConfig {
    pushEdits = List.copyOf(pushEdits);
  }

  /** The options pushed to this client: the gateway's, edited by this file. */
  public List<String> pushOptions(List<String> gateway) {
    return pushEdits.isEmpty() ? gateway : PushEdit.apply(gateway, pushEdits);
  }
}
