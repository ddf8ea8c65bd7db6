package org.p2sgate.auth.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

class CertificateGroupsTest {
  private static final TestPki.Issued CA = TestPki.root("groups-ca");

  @Test
  void everyOuOfTheSubjectAndTheTextSansAreFacts() {
    GeneralNames san =
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "laptop.eng.example"),
              new GeneralName(GeneralName.rfc822Name, "ann@example.com"),
              new GeneralName(GeneralName.uniformResourceIdentifier, "urn:team:eng"),
              new GeneralName(GeneralName.iPAddress, "10.1.2.3")
            });
    var leaf =
        TestPki.leaf("ann,OU=Engineering,OU=VPN Users", CA, KeyPurposeId.id_kp_clientAuth, san);
    assertEquals(
        Set.of(
            "cert-ou:Engineering",
            "cert-ou:VPN Users",
            "cert-san-dns:laptop.eng.example",
            "cert-san-email:ann@example.com",
            "cert-san-uri:urn:team:eng"),
        CertificateGroups.of(leaf.cert()));
  }

  @Test
  void aCertificateWithoutOuOrSansHasNoFacts() {
    assertEquals(Set.of(), CertificateGroups.of(TestPki.leaf("bob", CA).cert()));
    assertEquals(Set.of(), CertificateGroups.of(TestPki.leaf("bob,OU=", CA).cert()), "an empty OU");
  }
}
