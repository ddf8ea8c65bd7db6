package org.p2sgate.auth.cert;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The trusted root (or other anchor) certificates that client chains must lead to: loaded from PEM
 * or DER files, each of which may hold several certificates, and from folders (every {@code .pem},
 * {@code .crt}, {@code .cer} or {@code .der} file directly inside, in name order). Immutable;
 * duplicates are kept once.
 */
public final class TrustStore {
  private static final List<String> EXTENSIONS = List.of(".pem", ".crt", ".cer", ".der");

  private final List<X509Certificate> certificates;

  private TrustStore(Collection<X509Certificate> certificates) {
    this.certificates = List.copyOf(new LinkedHashSet<>(certificates));
    if (this.certificates.isEmpty()) {
      throw new IllegalArgumentException("no trusted CA certificate configured");
    }
  }

  /** Every CERTIFICATE block of a PEM text. */
  public static List<X509Certificate> parsePem(String pem) throws CertificateException {
    List<X509Certificate> out = new ArrayList<>();
    for (java.security.cert.Certificate c :
        CertificateFactory.getInstance("X.509")
            .generateCertificates(
                new java.io.ByteArrayInputStream(
                    pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))) {
      out.add((X509Certificate) c);
    }
    return out;
  }

  /** A store of certificates already in memory. */
  public static TrustStore of(Collection<X509Certificate> certificates) {
    return new TrustStore(certificates);
  }

  /**
   * Loads every given file, and every certificate file directly inside every given folder.
   *
   * @throws IOException if a path cannot be read
   * @throws IllegalArgumentException naming the file that holds no or an unreadable certificate, or
   *     a folder that holds none
   */
  public static TrustStore load(Collection<Path> filesOrFolders) throws IOException {
    List<X509Certificate> all = new ArrayList<>();
    for (Path p : filesOrFolders) {
      if (Files.isDirectory(p)) {
        List<Path> files = certificateFiles(p);
        if (files.isEmpty()) {
          throw new IllegalArgumentException("no certificate file in folder " + p);
        }
        for (Path f : files) {
          all.addAll(readFile(f));
        }
      } else {
        all.addAll(readFile(p));
      }
    }
    return new TrustStore(all);
  }

  /** The certificate files directly inside a folder, by name. */
  static List<Path> certificateFiles(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(Files::isRegularFile)
          .filter(
              f -> {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return EXTENSIONS.stream().anyMatch(n::endsWith);
              })
          .sorted()
          .toList();
    }
  }

  /** Every certificate in one PEM or DER file; at least one. */
  static List<X509Certificate> readFile(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new IllegalArgumentException("no certificate in " + file);
      }
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : certs) {
        out.add((X509Certificate) c);
      }
      return out;
    } catch (CertificateException e) {
      throw new IllegalArgumentException("unreadable certificate in " + file, e);
    }
  }

  public List<X509Certificate> certificates() {
    return certificates;
  }

  public int size() {
    return certificates.size();
  }

  /** Whether this exact certificate is trusted. */
  public boolean contains(X509Certificate cert) {
    return certificates.contains(cert);
  }

  /** A trusted certificate that issued {@code cert} (subject and signature match), if any. */
  public Optional<X509Certificate> issuerOf(X509Certificate cert) {
    for (X509Certificate ca : certificates) {
      if (ca.getSubjectX500Principal().equals(cert.getIssuerX500Principal())
          && signedBy(cert, ca)) {
        return Optional.of(ca);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code issuer}'s key verifies {@code cert}'s signature. */
  static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
    try {
      cert.verify(issuer.getPublicKey());
      return true;
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "TrustStore[" + certificates.size() + " certificates]";
  }
}
