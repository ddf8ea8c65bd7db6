package org.p2sgate.core.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.p2sgate.core.control.ClientKeyWrapping;
import org.p2sgate.core.control.TlsCryptV2ClientKey;
import org.p2sgate.core.control.TlsCryptV2Metadata;
import org.p2sgate.core.control.TlsCryptV2ServerKey;

/**
 * tls-crypt-v2 keys of {@code p2sgate pki}: the server key in the PKI folder, and per-client keys
 * in the format of {@code openvpn --genkey tls-crypt-v2-client}, whose user metadata names the user
 * and a random key id ({@code user=alice key=3f9a0c1d}) so that one key, or all of a user's, can be
 * revoked by listing {@code key=...} or {@code user=...} in {@code tls-crypt-v2.revoked}.
 */
public final class TlsCryptV2Keys {
  /** The server key's file in the PKI folder. */
  public static final String SERVER_KEY = "tc2-server.key";

  /** The revoked client keys' file beside it (tls-crypt-v2.revoked), made empty with the key. */
  public static final String REVOKED = "tc2-revoked.txt";

  private TlsCryptV2Keys() {}

  /**
   * A client key made for {@code user}.
   *
   * @param pem the key file text (secret: never log)
   * @param metadata its metadata text, e.g. {@code user=alice key=3f9a0c1d}
   * @param keyId the random id in it, e.g. {@code 3f9a0c1d}
   */
  public record Issued(String pem, String metadata, String keyId) {
    @Override
    public String toString() {
      return "Issued[" + metadata + "]";
    }
  }

  /**
   * Writes a new server key to {@code file} (mode 0600), and an empty {@link #REVOKED} list beside
   * it if there is none.
   *
   * @throws PkiException if the file exists (a new server key would lock every client key out)
   */
  public static void createServerKey(Path file, SecureRandom random)
      throws IOException, PkiException {
    if (Files.exists(file)) {
      throw new PkiException(
          file + " exists; a new server key would invalidate every client key made with it");
    }
    PemFiles.write(file, TlsCryptV2ServerKey.generate(random).toPem(), PemFiles.PRIVATE);
    Path revoked = file.resolveSibling(REVOKED);
    if (!Files.exists(revoked)) {
      PemFiles.write(
          revoked,
          "# revoked tls-crypt-v2 client keys, one a line: key=ID, user=NAME, base64:METADATA"
              + " (then reload)\n",
          PemFiles.PUBLIC);
    }
  }

  /** Reads a server key file. */
  public static TlsCryptV2ServerKey readServerKey(Path file) throws IOException, PkiException {
    try {
      return TlsCryptV2ServerKey.parse(Files.readString(file));
    } catch (IllegalArgumentException e) {
      throw new PkiException(file + ": " + e.getMessage());
    }
  }

  /** Makes a client key for {@code user}, wrapped with {@code serverKey}. */
  public static Issued issue(TlsCryptV2ServerKey serverKey, String user, SecureRandom random)
      throws PkiException {
    PkiFolder.checkUser(user);
    byte[] id = new byte[4];
    random.nextBytes(id);
    String keyId = HexFormat.of().formatHex(id);
    String metadata = "user=" + user + " key=" + keyId;
    TlsCryptV2ClientKey key =
        TlsCryptV2ClientKey.generate(
            new ClientKeyWrapping(serverKey), TlsCryptV2Metadata.user(metadata), random);
    return new Issued(key.toPem(), metadata, keyId);
  }

  /** Writes a client key file (mode 0600). */
  public static void writeClientKey(Path file, Issued key) throws IOException {
    PemFiles.write(file, key.pem(), PemFiles.PRIVATE);
  }
}
