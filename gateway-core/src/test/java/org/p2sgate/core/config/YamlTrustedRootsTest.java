package org.p2sgate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.core.pki.DemoPki;

/** {@code tls.ca} naming a folder: every root in it is trusted, PEM and DER alike. */
class YamlTrustedRootsTest {
  @TempDir Path dir;

  @Test
  void aFolderOfTwentyOneRootsIsTrustedWhole() throws Exception {
    DemoPki.openOrCreate(dir.resolve("pki"));
    Path roots = Files.createDirectories(dir.resolve("roots"));
    Files.copy(dir.resolve("pki/ca.crt"), roots.resolve("00-demo.crt"));
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(256);
    for (int i = 1; i <= 20; i++) {
      X509Certificate root = selfSigned(gen.generateKeyPair(), "root " + i);
      if (i % 2 == 0) {
        Files.write(roots.resolve(String.format("%02d.der", i)), root.getEncoded());
      } else {
        Files.writeString(
            roots.resolve(String.format("%02d.pem", i)),
            PemMaterial.pem("CERTIFICATE", root.getEncoded()));
      }
    }
    Files.writeString(roots.resolve("README.txt"), "not a certificate: skipped\n");
    ServerConfig c =
        YamlConfigLoaderTest.load(
                dir,
                YamlConfigLoaderTest.MIN.replace("ca: pki/ca.crt", "ca: roots")
                    + "auth: { policy: certificate }\n")
            .config();
    assertEquals(21, org.p2sgate.auth.cert.TrustStore.parsePem(c.caPem()).size());
  }

  @Test
  void aFolderWithoutCertificatesIsAClearError() throws Exception {
    DemoPki.openOrCreate(dir.resolve("pki"));
    Files.createDirectories(dir.resolve("empty"));
    String m =
        YamlConfigLoaderTest.error(
            dir, YamlConfigLoaderTest.MIN.replace("ca: pki/ca.crt", "ca: empty"));
    assertTrue(m.contains("tls.ca") && m.contains("no certificate file in folder"), m);
  }

  private static X509Certificate selfSigned(KeyPair kp, String cn) throws Exception {
    X500Name name = new X500Name("CN=" + cn);
    Instant now = Instant.now();
    var holder =
        new JcaX509v3CertificateBuilder(
                name,
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.HOURS)),
                Date.from(now.plus(365, ChronoUnit.DAYS)),
                name,
                kp.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
    return new JcaX509CertificateConverter().getCertificate(holder);
  }
}
