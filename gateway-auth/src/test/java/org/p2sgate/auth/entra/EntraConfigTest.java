package org.p2sgate.auth.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntraConfigTest {
  private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

  @Test
  void defaultsFollowTheAzureVpnClient() {
    EntraConfig c = EntraConfig.forTenant(TENANT);
    assertEquals(
        List.of(
            "https://sts.windows.net/" + TENANT + "/",
            "https://login.microsoftonline.com/" + TENANT + "/v2.0"),
        c.allowedIssuers());
    assertEquals(
        List.of("41b23e61-6c1e-4545-b367-cd054e0ed4b4", "c632b3df-fb67-4d84-bdcf-b95ad541b5c8"),
        c.audiences());
    assertEquals(
        URI.create(
            "https://login.microsoftonline.com/"
                + TENANT
                + "/v2.0/.well-known/openid-configuration"),
        c.discoveryUrl());
    assertEquals(Duration.ofSeconds(60), c.clockSkew());
    assertEquals(List.of("upn", "preferred_username", "oid"), c.identityClaims());
    assertTrue(c.requiredGroups().isEmpty() && c.requiredRoles().isEmpty());
    assertEquals(Duration.ofMinutes(5), c.jwksCacheLifetime());
    assertTrue(c.maxTokenLength() >= 16 * 1024);
  }

  @Test
  void withersChangeOneThing() {
    EntraConfig c = EntraConfig.forTenant(TENANT).withRequiredGroups(Set.of("g"));
    assertEquals(Set.of("g"), c.requiredGroups());
    assertEquals(EntraConfig.forTenant(TENANT).withRequiredGroups(Set.of("g")), c);
    assertEquals(Duration.ofSeconds(5), c.withClockSkew(Duration.ofSeconds(5)).clockSkew());
  }

  @Test
  void invalidValuesFailFastWithAClearMessage() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EntraConfig.forTenant("../evil"));
    assertEquals("tenantId must be a GUID or a domain name: ../evil", e.getMessage());
    EntraConfig c = EntraConfig.forTenant(TENANT);
    assertEquals(
        "audiences must be non-empty and hold no blank value",
        assertThrows(IllegalArgumentException.class, () -> c.withAudiences(List.of()))
            .getMessage());
    assertEquals(
        "clockSkew must be between 0 and 10 minutes",
        assertThrows(IllegalArgumentException.class, () -> c.withClockSkew(Duration.ofSeconds(-1)))
            .getMessage());
    assertEquals(
        "jwksCacheLifetime must be at least PT1S",
        assertThrows(
                IllegalArgumentException.class,
                () -> c.withJwksCache(Duration.ofMillis(10), Duration.ZERO))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> c.withDiscoveryUrl(URI.create("relative/path")));
  }
}
