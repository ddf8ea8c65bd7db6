package org.p2sgate.auth.cert;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.CRL;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Reading the revocation sources from disk: thumbprint lists, CRL files and folders. */
final class RevocationFiles {
  private static final List<String> CRL_EXTENSIONS = List.of(".crl", ".pem", ".der");

  private RevocationFiles() {}

  /** Thumbprints read from files, and the lines that were not thumbprints. */
  record ThumbprintLines(Set<String> values, List<String> problems) {}

  /**
   * Reads thumbprint lists: one SHA-1 or SHA-256 thumbprint a line (hex, any case, colons or blanks
   * allowed), {@code #} starts a comment, blank lines are ignored.
   */
  static ThumbprintLines readThumbprints(Collection<Path> files) throws IOException {
    Set<String> values = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        int hash = line.indexOf('#');
        String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
        if (text.isEmpty()) {
          continue;
        }
        Optional<String> t = Thumbprints.normalize(text);
        if (t.isPresent()) {
          values.add(t.get());
        } else {
          problems.add(file + ":" + (i + 1) + ": not a SHA-1 or SHA-256 thumbprint");
        }
      }
    }
    return new ThumbprintLines(Set.copyOf(values), List.copyOf(problems));
  }

  /** Reads every CRL (PEM or DER, several per file) from files and folders. */
  static List<X509CRL> readCrls(Collection<Path> filesOrFolders) throws IOException {
    List<X509CRL> out = new ArrayList<>();
    for (Path f : expand(filesOrFolders)) {
      try (InputStream in = Files.newInputStream(f)) {
        Collection<? extends CRL> crls = CertificateFactory.getInstance("X.509").generateCRLs(in);
        if (crls.isEmpty()) {
          throw new IllegalArgumentException("no CRL in " + f);
        }
        for (CRL c : crls) {
          out.add((X509CRL) c);
        }
      } catch (CRLException | CertificateException e) {
        throw new IllegalArgumentException("unreadable CRL in " + f, e);
      }
    }
    return List.copyOf(out);
  }

  /** Files as given; folders replaced by the CRL files directly inside them, by name. */
  static List<Path> expand(Collection<Path> filesOrFolders) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : filesOrFolders) {
      if (!Files.isDirectory(p)) {
        out.add(p);
        continue;
      }
      try (Stream<Path> s = Files.list(p)) {
        s.filter(Files::isRegularFile)
            .filter(
                f -> {
                  String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                  return CRL_EXTENSIONS.stream().anyMatch(n::endsWith);
                })
            .sorted()
            .forEach(out::add);
      }
    }
    return out;
  }

  /**
   * What the watcher compares between polls: each source file's name, the real path its symbolic
   * links lead to, its file key (device and inode), modification time and size, and which files a
   * folder holds. A file that cannot be read shows as missing.
   */
  static String fingerprint(Collection<Path> thumbprintFiles, Collection<Path> crlSources) {
    StringBuilder sb = new StringBuilder();
    List<Path> all = new ArrayList<>(thumbprintFiles);
    try {
      all.addAll(expand(crlSources));
    } catch (IOException e) {
      sb.append("unlistable folder;");
      all.addAll(crlSources);
    }
    for (Path p : all) {
      sb.append(p).append('=');
      try {
        // where the links lead (a mounted ConfigMap: name -> ..data/name -> ..TIMESTAMP/name)
        // and which file is there (device and inode), then its time and size: a swap of the
        // links or a file moved into place shows even with the same size and time as before
        Path real = p.toRealPath();
        BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
        sb.append(real)
            .append('#')
            .append(a.fileKey())
            .append('/')
            .append(a.lastModifiedTime())
            .append('/')
            .append(a.size());
      } catch (IOException e) {
        sb.append("missing");
      }
      sb.append(';');
    }
    return sb.toString();
  }
}
