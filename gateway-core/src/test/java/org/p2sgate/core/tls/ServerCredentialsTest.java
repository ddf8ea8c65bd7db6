package org.p2sgate.core.tls;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.testing.TestPki;

/** The server's EC key is turned into BouncyCastle's own type once, and stays the same key. */
class ServerCredentialsTest {
  @Test
  void anEcKeyFromPemBecomesBouncyCastlesTypeAndSignsForItsCertificate() throws Exception {
    TestPki.Credential server = TestPki.create("creds-ca").server("gateway");
    ServerCredentials c = ServerCredentials.load(server.certPem(), server.keyPem());
    assertTrue(
        c.key().getClass().getName().startsWith("org.bouncycastle."), c.key().getClass().getName());
    assertTrue(c.isEc());
    byte[] data = "transcript".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Signature sign =
        Signature.getInstance(
            "SHA256withECDSA", new org.bouncycastle.jce.provider.BouncyCastleProvider());
    sign.initSign(c.key());
    sign.update(data);
    byte[] sig = sign.sign();
    Signature verify = Signature.getInstance("SHA256withECDSA"); // the JDK's, with the certificate
    verify.initVerify(c.chain()[0].getPublicKey());
    verify.update(data);
    assertTrue(verify.verify(sig), "the converted key is not the certificate's key");
  }

  @Test
  void anRsaKeyStaysAsItIs() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    PrivateKey rsa = g.generateKeyPair().getPrivate();
    TestPki.Credential server = TestPki.create("creds-ca").server("gateway");
    ServerCredentials c =
        new ServerCredentials(new java.security.cert.X509Certificate[] {server.cert()}, rsa);
    assertSame(rsa, c.key());
    assertTrue(c.isRsa());
  }
}
