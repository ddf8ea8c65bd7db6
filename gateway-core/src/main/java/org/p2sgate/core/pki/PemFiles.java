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
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/** PEM encoding and the files of the PKI: written atomically, secrets with mode 0600. */
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
    writeBytes(file, text.getBytes(StandardCharsets.US_ASCII), mode);
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
    return Files.readString(file, StandardCharsets.ISO_8859_1);
  }

  static X509CertificateHolder readCertificate(Path file) throws IOException {
    try (PEMParser p = new PEMParser(new StringReader(read(file)))) {
      if (p.readObject() instanceof X509CertificateHolder cert) {
        return cert;
      }
    }
    throw new IOException(file + " does not hold a PEM certificate");
  }

  /**
   * Reads an unencrypted EC or RSA private key: PKCS#8 {@code PRIVATE KEY}, SEC1 {@code EC PRIVATE
   * KEY} or PKCS#1 {@code RSA PRIVATE KEY}. Messages name the file, never its content.
   */
  static PrivateKey readPrivateKey(Path file) throws IOException {
    try (PEMParser p = new PEMParser(new StringReader(read(file)))) {
      for (Object o = p.readObject(); o != null; o = p.readObject()) {
        PrivateKeyInfo info =
            switch (o) {
              case PrivateKeyInfo i -> i;
              case PEMKeyPair pair -> pair.getPrivateKeyInfo();
              case PKCS8EncryptedPrivateKeyInfo e -> throw encrypted(file);
              case PEMEncryptedKeyPair e -> throw encrypted(file);
              default -> null;
            };
        if (info != null) {
          PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(info);
          if (!key.getAlgorithm().equals("EC") && !key.getAlgorithm().equals("RSA")) {
            throw new IOException(file + " holds a " + key.getAlgorithm() + " key (use EC or RSA)");
          }
          return key;
        }
      }
    } catch (IllegalArgumentException | org.bouncycastle.openssl.PEMException e) {
      throw new IOException(file + " does not hold a usable EC or RSA private key");
    }
    throw new IOException(file + " does not hold a PEM private key");
  }

  private static IOException encrypted(Path file) {
    return new IOException(
        file
            + " holds an encrypted private key: decrypt it first (openssl pkey -in KEY -out"
            + " PLAIN.key), and keep the result mode 0600");
  }

  /** Writes {@code bytes} to {@code file} via a temporary file in the same directory. */
  static void writeBytes(Path file, byte[] bytes, Set<PosixFilePermission> mode)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp;
    try {
      tmp =
          Files.createTempFile(
              dir, "." + file.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(PRIVATE));
    } catch (UnsupportedOperationException e) {
      tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    }
    try {
      Files.write(tmp, bytes);
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
}
