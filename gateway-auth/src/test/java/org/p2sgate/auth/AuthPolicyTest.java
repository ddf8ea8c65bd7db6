package org.p2sgate.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthPolicyTest {
  static final AuthMethods METHODS =
      AuthMethods.builder()
          .add("certificate", AcceptAll.INSTANCE)
          .add("entra", AcceptAll.INSTANCE)
          .build();

  @Test
  void parsesMethodCombinations() {
    assertEquals(List.of("certificate"), AuthPolicy.parse("p", "certificate").methods());
    assertEquals(
        List.of("certificate", "radius"),
        AuthPolicy.parse("p", " certificate + radius ").methods());
    assertEquals("certificate+entra", AuthPolicy.parse("p", "certificate+entra").spec());
    Map<String, String> config = new LinkedHashMap<>();
    config.put("vpn-users", "certificate+radius");
    config.put("contractors", "entra");
    Map<String, AuthPolicy> all = AuthPolicy.parseAll(config);
    assertEquals(List.of("vpn-users", "contractors"), List.copyOf(all.keySet()));
    assertEquals(List.of("entra"), all.get("contractors").methods());
  }

  @Test
  void refusesMalformedPolicies() {
    assertMessage("policy 'p' names no method", () -> AuthPolicy.parse("p", " "));
    assertMessage(
        "policy 'p': empty method name in 'certificate+'",
        () -> AuthPolicy.parse("p", "certificate+"));
    assertMessage(
        "policy 'p': empty method name in '+radius'", () -> AuthPolicy.parse("p", "+radius"));
    assertMessage(
        "policy 'p' names method 'radius' twice", () -> AuthPolicy.parse("p", "radius+radius"));
    assertMessage(
        "policy 'p': invalid method name 'RADIUS' (expected [a-z][a-z0-9-]*)",
        () -> AuthPolicy.parse("p", "RADIUS"));
    assertMessage(
        "policy 'p': invalid method name 'cert ificate' (expected [a-z][a-z0-9-]*)",
        () -> AuthPolicy.parse("p", "cert ificate"));
    assertMessage("policy name is empty", () -> AuthPolicy.parse("", "radius"));
  }

  @Test
  void aPolicyNamingAnUnconfiguredMethodIsAStartUpError() {
    AuthPolicy policy = AuthPolicy.parse("vpn-users", "certificate+radius");
    assertMessage(
        "policy 'vpn-users' needs method 'radius', which is not configured",
        () -> policy.validate(METHODS));
    assertMessage(
        "policy 'vpn-users' needs method 'radius', which is not configured",
        () -> policy.compose(METHODS));
    assertMessage(
        "policy 'vpn-users' needs method 'radius', which is not configured",
        () -> AuthPolicy.composeAll(List.of(AuthPolicy.parse("ok", "entra"), policy), METHODS));
  }

  @Test
  void composesSeveralPoliciesAtOnce() {
    Map<String, Authenticator> all =
        AuthPolicy.composeAll(
            List.of(
                AuthPolicy.parse("staff", "certificate+entra"),
                AuthPolicy.parse("kiosk", "certificate")),
            METHODS);
    assertEquals(List.of("staff", "kiosk"), List.copyOf(all.keySet()));
    assertEquals("ChainedAuthenticator[certificate+entra]", all.get("staff").toString());
    assertInstanceOf(ChainedAuthenticator.class, all.get("kiosk"));
    assertMessage(
        "policy 'kiosk' defined twice",
        () ->
            AuthPolicy.composeAll(
                List.of(AuthPolicy.parse("kiosk", "entra"), AuthPolicy.parse("kiosk", "entra")),
                METHODS));
  }

  @Test
  void theRegistryChecksNames() {
    assertEquals(List.of("certificate", "entra"), List.copyOf(METHODS.names()));
    assertEquals(AcceptAll.INSTANCE, METHODS.get("entra").orElseThrow());
    assertEquals(true, METHODS.get("radius").isEmpty());
    assertMessage(
        "authentication method 'entra' added twice",
        () ->
            AuthMethods.builder()
                .add("entra", AcceptAll.INSTANCE)
                .add("entra", RejectAll.INSTANCE));
    assertMessage(
        "invalid authentication method name 'a+b' (expected [a-z][a-z0-9-]*)",
        () -> AuthMethods.of(Map.of("a+b", AcceptAll.INSTANCE)));
  }

  static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
  }
}
