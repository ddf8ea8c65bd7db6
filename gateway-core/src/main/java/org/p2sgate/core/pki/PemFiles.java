package org.p2sgate.core.pki;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;

/** PEM encoding and the files of the demo PKI: written atomically, secrets with mode 0600. */
final class PemFiles {
  static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
  static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

  private PemFiles() {}

  static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  /** Writes {@code text} to {@code file} via a temporary file in the same directory. */
  static void write(Path file, String text, Set<PosixFilePermission> mode) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp;
    try {
      tmp =
          Files.createTempFile(
              dir, "." + file.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(PRIVATE));
    } catch (UnsupportedOperationException e) {
      tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    }
    try {
      Files.writeString(tmp, text, StandardCharsets.US_ASCII);
      setMode(tmp, mode);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Creates a directory (and parents) readable only by its owner, if it does not exist. */
  static void createPrivateDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Files.createDirectories(dir.toAbsolutePath().getParent());
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
    } catch (UnsupportedOperationException e) {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
  }

  private static void setMode(Path file, Set<PosixFilePermission> mode) throws IOException {
    try {
      Files.setPosixFilePermissions(file, mode);
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing to set
    }
  }

  static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.US_ASCII);
  }

  static X509CertificateHolder readCertificate(Path file) throws IOException {
    try (PEMParser p = new PEMParser(new StringReader(read(file)))) {
      if (p.readObject() instanceof X509CertificateHolder cert) {
        return cert;
      }
    }
    throw new IOException(file + " does not hold a PEM certificate");
  }

  static PrivateKey readPrivateKey(Path file) throws IOException {
    try (PEMParser p = new PEMParser(new StringReader(read(file)))) {
      if (p.readObject() instanceof PrivateKeyInfo info) {
        return KeyFactory.getInstance("EC")
            .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(file + " does not hold a usable EC private key");
    }
    throw new IOException(file + " does not hold a PEM PRIVATE KEY");
  }
}
