package org.p2sgate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.core.pki.DemoPki;
import org.p2sgate.core.routing.AllowList;
import org.p2sgate.core.routing.AllowRule;

/** {@code access:}: groups matched by login facts, their routes and destinations, the default. */
class YamlAccessTest {
  @TempDir static Path dir;

  static final String BASE =
      "pool: 10.8.0.0/24\ntls: { ca: pki/ca.crt, cert: pki/server.crt, key: pki/server.key }\n";

  @BeforeAll
  static void pki() throws Exception {
    DemoPki.openOrCreate(dir.resolve("pki"));
  }

  static AccessPolicy load(String access) throws ConfigException {
    return new YamlConfigLoader().load(BASE + access, "gateway.yaml", dir).config().access();
  }

  static String error(String access) {
    String m = assertThrows(ConfigException.class, () -> load(access)).getMessage();
    assertFalse(m.contains("\n"), m);
    return m;
  }

  @Test
  void withoutAnAccessSectionEveryoneMaySendAnywhere() throws Exception {
    assertSame(AccessPolicy.OPEN, load(""));
    assertSame(AllowList.ALL, AccessPolicy.OPEN.grant(Set.of("cert-ou:x")).allow());
  }

  @Test
  void groupsRoutesAndRulesAreRead() throws Exception {
    AccessPolicy p =
        load(
            """
            access:
              groups:
                - name: eng
                  match: [ radius-class:eng, claim-groups:0f1e-77, "cert-ou:Engineering Dept", radius-vsa:12356:1:eng ]
                  push-routes: [ 10.20.0.0/16 ]
                  allow: [ 10.20.0.0/16, 10.30.1.5/32:tcp/443, 10.30.1.6:udp/5000-5010, 0.0.0.0/0:icmp ]
            """);
    assertFalse(p.defaultAllow(), "deny unless told");
    AccessGroup g = p.groups().get(0);
    assertEquals(
        Set.of(
            "radius-class:eng",
            "claim-groups:0f1e-77",
            "cert-ou:Engineering Dept",
            "radius-vsa:12356:1:eng"),
        g.match());
    assertEquals(List.of("route 10.20.0.0 255.255.0.0"), g.pushRoutes());
    int h5 = 10 << 24 | 30 << 16 | 1 << 8 | 5;
    assertEquals(
        List.of(
            AllowRule.network(10 << 24 | 20 << 16, 16),
            new AllowRule(h5, 32, AllowRule.TCP, 443, 443),
            new AllowRule(h5 + 1, 32, AllowRule.UDP, 5000, 5010),
            new AllowRule(0, 0, AllowRule.ICMP, 0, 65535)),
        g.allow());
  }

  @Test
  void aGroupsPoolIsAPartOfTheClientPoolAndTheFirstGroupWithOneChoosesIt() throws Exception {
    AccessPolicy p =
        load(
            """
            access:
              groups:
                - { name: a, match: [ cert-ou:A ], allow: [ 10.1.0.0/16 ] }
                - { name: b, match: [ cert-ou:B ], pool: 10.8.0.64/26 }
                - { name: c, match: [ cert-ou:C ], pool: 10.8.0.128/25 }
            """);
    assertEquals("10.8.0.64/26", p.groups().get(1).pool().toString());
    assertEquals(null, p.grant(Set.of("cert-ou:A")).pool());
    assertEquals(
        "10.8.0.64/26", p.grant(Set.of("cert-ou:A", "cert-ou:C", "cert-ou:B")).pool().toString());
    assertEquals("10.8.0.128/25", p.grant(Set.of("cert-ou:C")).pool().toString());
  }

  @Test
  void aUserInSeveralGroupsGetsTheUnionAndInNoneTheDefault() throws Exception {
    AccessPolicy p =
        load(
            """
            access:
              default: allow
              groups:
                - { name: a, match: [ cert-ou:A ], push-routes: [ 10.1.0.0/16 ], allow: [ 10.1.0.0/16 ] }
                - { name: b, match: [ cert-ou:B, radius-filter-id:b ], push-routes: [ 10.2.0.0/16 ], allow: [ 10.2.0.0/16 ] }
            """);
    AccessPolicy.Grant both = p.grant(Set.of("cert-ou:A", "radius-filter-id:b"));
    assertEquals(List.of("a", "b"), both.groups());
    assertEquals(
        List.of("route 10.1.0.0 255.255.0.0", "route 10.2.0.0 255.255.0.0"), both.pushRoutes());
    assertEquals(2, both.allow().rules().size());
    AccessPolicy.Grant none = p.grant(Set.of("cert-ou:C"));
    assertTrue(none.groups().isEmpty());
    assertSame(AllowList.ALL, none.allow());
    assertTrue(none.pushRoutes().isEmpty());
  }

  @Test
  void mistakesAreNamedWithTheirPlace() {
    assertTrue(
        error("access: { default: maybe }").contains("access.default: must be allow or deny"));
    assertTrue(
        error("access: { groups: [ { match: [ cert-ou:A ] } ] }")
            .contains("access.groups[0] needs a name"));
    assertTrue(
        error("access: { groups: [ { name: a } ] }").contains("needs a match list"),
        error("access: { groups: [ { name: a } ] }"));
    String dup =
        error(
            "access: { groups: [ { name: a, match: [ cert-ou:A ] }, { name: a, match: [ cert-ou:B ] } ] }");
    assertTrue(dup.contains("'a' names two groups"), dup);
    String source = error("access: { groups: [ { name: a, match: [ ldap-group:A ] } ] }");
    assertTrue(source.contains("gateway.yaml:3:"), source);
    assertTrue(source.contains("SOURCE one of radius-class, radius-filter-id"), source);
    assertTrue(
        error("access: { groups: [ { name: a, match: [ \"cert-ou:\" ] } ] }").contains("empty"));
    assertTrue(
        error("access: { groups: [ { name: a, match: [ cert-ou:A ], allow: [ 10.1.0.1/16 ] } ] }")
            .contains("host bits set"));
    assertTrue(
        error(
                "access: { groups: [ { name: a, match: [ cert-ou:A ], allow: [ 10.1.0.0/16:sctp ] } ] }")
            .contains("protocol must be tcp, udp or icmp"));
    assertTrue(
        error(
                "access: { groups: [ { name: a, match: [ cert-ou:A ], allow: [ 10.1.0.0/16:tcp/0 ] } ] }")
            .contains("port must be 1..65535"));
    assertTrue(
        error(
                "access: { groups: [ { name: a, match: [ cert-ou:A ], allow: [ 10.1.0.0/16:tcp/9-1 ] } ] }")
            .contains("runs backwards"));
    assertTrue(
        error(
                "access: { groups: [ { name: a, match: [ cert-ou:A ], allow: [ 10.1.0.0/16:icmp/1 ] } ] }")
            .contains("icmp has no ports"));
    assertTrue(
        error(
                "access: { groups: [ { name: a, match: [ cert-ou:A ], push-routes: [ 10.1.0/16 ] } ] }")
            .contains("access.groups[0].push-routes"));
    assertTrue(
        error("access: { groups: [ { name: a, match: [ radius-attr:eng ] } ] }")
            .contains("write radius-attr:TYPE:VALUE"));
    assertTrue(
        error("access: { groups: [ { name: a, match: [ radius-vsa:12356:eng ] } ] }")
            .contains("write radius-vsa:VENDOR-ID:TYPE:VALUE"));
    assertTrue(
        error("access: { groups: [ { name: a, match: [ cert-ou:A ], pool: 10.9.0.0/26 } ] }")
            .contains(
                "access.groups[0].pool: 10.9.0.0/26 is not inside the client pool 10.8.0.0/24"));
    assertTrue(
        error("access: { groups: [ { name: a, match: [ cert-ou:A ], pool: 10.8.0.0/16 } ] }")
            .contains("not inside the client pool"));
    assertTrue(
        error("access: { groups: [ { name: a, match: [ cert-ou:A ], pool: 10.8.0.4/31 } ] }")
            .contains("/30 or larger"));
    String unknown = error("access: { groups: [ { name: a, match: [ cert-ou:A ], routes: [] } ] }");
    assertTrue(unknown.contains("unknown key 'routes'"), unknown);
  }
}
