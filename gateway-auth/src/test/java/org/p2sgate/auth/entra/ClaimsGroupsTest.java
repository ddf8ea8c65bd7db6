package org.p2sgate.auth.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimsGroupsTest {
  @Test
  void eachGroupAndRoleIsAFact() {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .claim("groups", List.of("0f1e-77", "a2b3"))
            .claim("roles", List.of("Vpn.Eng"))
            .claim("scp", "openid")
            .build();
    assertEquals(
        Set.of("claim-groups:0f1e-77", "claim-groups:a2b3", "claim-roles:Vpn.Eng"),
        ClaimsCheck.groups(claims));
  }

  @Test
  void aSingleStringRoleCountsAndOtherShapesAreIgnored() {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder().claim("roles", "Admin").claim("groups", List.of(7, "")).build();
    assertEquals(Set.of("claim-roles:Admin"), ClaimsCheck.groups(claims));
    assertEquals(Set.of(), ClaimsCheck.groups(new JWTClaimsSet.Builder().build()));
  }
}
