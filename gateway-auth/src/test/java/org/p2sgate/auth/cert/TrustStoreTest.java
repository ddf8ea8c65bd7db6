package org.p2sgate.auth.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.cert.TestPki.Issued;

class TrustStoreTest {
  @TempDir Path dir;

  @Test
  void loadsTwentyFourRootsFromFilesAndAFolder() throws Exception {
    List<Issued> roots = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      roots.add(TestPki.root("Root " + i));
    }
    Path folder = Files.createDirectories(dir.resolve("roots.d"));
    for (int i = 0; i < 10; i++) {
      TestPki.writePem(folder.resolve("root" + i + ".pem"), roots.get(i).cert());
    }
    // a bundle of five in one file, and one DER file, in the folder
    TestPki.writePem(folder.resolve("bundle.crt"), certs(roots.subList(10, 15)));
    Files.write(folder.resolve("root15.der"), roots.get(15).cert().getEncoded());
    Files.writeString(folder.resolve("README.txt"), "not a certificate, ignored");
    // a bundle of eight given as a file, with text around the blocks
    Path bundle =
        Files.writeString(
            dir.resolve("more.pem"), "# extra roots\n" + TestPki.pem(certs(roots.subList(16, 24))));

    TrustStore store = TrustStore.load(List.of(folder, bundle));
    assertEquals(24, store.size());
    for (Issued r : roots) {
      assertTrue(store.contains(r.cert()), r.dn());
    }
    assertEquals("TrustStore[24 certificates]", store.toString());

    var auth =
        new CertificateAuthenticator(
            store, IdentitySource.COMMON_NAME, Clock.fixed(TestPki.NOW, ZoneOffset.UTC));
    for (int i : new int[] {0, 12, 15, 23}) {
      Issued leaf = TestPki.leaf("user" + i, roots.get(i));
      var ok = assertInstanceOf(AuthResult.Accepted.class, auth.check(List.of(leaf.cert())));
      assertEquals("user" + i, ok.identity());
    }
  }

  @Test
  void keepsDuplicatesOnce() throws Exception {
    Issued r = TestPki.root("Dup Root");
    Path a = TestPki.writePem(dir.resolve("a.pem"), r.cert(), r.cert());
    assertEquals(1, TrustStore.load(List.of(a)).size());
  }

  @Test
  void refusesEmptyFoldersAndFilesWithoutCertificates() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    var e1 = assertThrows(IllegalArgumentException.class, () -> TrustStore.load(List.of(empty)));
    assertEquals("no certificate file in folder " + empty, e1.getMessage());
    Path blank = Files.writeString(dir.resolve("blank.pem"), "");
    var e2 = assertThrows(IllegalArgumentException.class, () -> TrustStore.load(List.of(blank)));
    assertEquals("no certificate in " + blank, e2.getMessage());
    Path junk =
        Files.writeString(
            dir.resolve("junk.pem"),
            "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
    var e3 = assertThrows(IllegalArgumentException.class, () -> TrustStore.load(List.of(junk)));
    assertEquals("unreadable certificate in " + junk, e3.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TrustStore.of(List.of()));
  }

  private static Object[] certs(List<Issued> issued) {
    return issued.stream().map(Issued::cert).toArray();
  }
}
