package org.p2sgate.core.pki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Every certificate the PKI issued, with its revocation, and the number of the last CRL: the
 * contents of {@code index.json}. Immutable; the {@code with...} methods return the changed index.
 * Pure: the file is read and written by {@link PkiFolder}.
 *
 * @param crlNumber the cRLNumber of the last CRL signed (0: none yet)
 * @param certificates in the order issued
 */
public record CertIndex(long crlNumber, List<Entry> certificates) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The empty index of a new PKI. */
  public static final CertIndex EMPTY = new CertIndex(0, List.of());

  public CertIndex {
    certificates = List.copyOf(certificates);
  }

  /** A certificate's state at some instant. */
  public enum Status {
    VALID,
    EXPIRED,
    REVOKED
  }

  /**
   * One issued certificate.
   *
   * @param serial the serial number, lower-case hex
   * @param commonName the subject's CN
   * @param role "server" or "client"
   * @param sans subjectAltName entries as {@code TYPE:value}
   * @param notAfter end of validity
   * @param sha256 the certificate's SHA-256 thumbprint, lower-case hex (as the revocation list
   *     takes it)
   * @param revokedAt when it was revoked, or {@code null}
   */
  public record Entry(
      String serial,
      String commonName,
      String role,
      List<String> sans,
      Instant notAfter,
      String sha256,
      Instant revokedAt) {
    public Entry {
      Objects.requireNonNull(serial, "serial");
      Objects.requireNonNull(commonName, "commonName");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(notAfter, "notAfter");
      Objects.requireNonNull(sha256, "sha256");
      sans = List.copyOf(sans);
      serial = serial.toLowerCase(Locale.ROOT);
    }

    public Status status(Instant now) {
      if (revokedAt != null) {
        return Status.REVOKED;
      }
      return now.isAfter(notAfter) ? Status.EXPIRED : Status.VALID;
    }

    public BigInteger serialNumber() {
      return new BigInteger(serial, 16);
    }
  }

  /** The index with {@code e} added. */
  public CertIndex withIssued(Entry e) {
    List<Entry> all = new ArrayList<>(certificates);
    all.add(e);
    return new CertIndex(crlNumber, all);
  }

  /** The index with the certificate of serial {@code serial} revoked at {@code at}. */
  public CertIndex withRevoked(String serial, Instant at) {
    List<Entry> all = new ArrayList<>();
    for (Entry e : certificates) {
      all.add(
          e.serial().equals(serial) && e.revokedAt() == null
              ? new Entry(
                  e.serial(), e.commonName(), e.role(), e.sans(), e.notAfter(), e.sha256(), at)
              : e);
    }
    return new CertIndex(crlNumber, all);
  }

  public CertIndex withCrlNumber(long n) {
    return new CertIndex(n, certificates);
  }

  /** The client certificates of {@code commonName} that are valid at {@code now}. */
  public List<Entry> validClients(String commonName, Instant now) {
    return certificates.stream()
        .filter(e -> e.role().equals("client") && e.commonName().equals(commonName))
        .filter(e -> e.status(now) == Status.VALID)
        .toList();
  }

  /** The certificate with serial {@code serialHex} (any case, leading zeros ignored). */
  public Optional<Entry> bySerial(String serialHex) {
    BigInteger wanted;
    try {
      wanted = new BigInteger(serialHex.replace(":", ""), 16);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return certificates.stream().filter(e -> e.serialNumber().equals(wanted)).findFirst();
  }

  /** Every revoked certificate (for the CRL). */
  public List<Entry> revoked() {
    return certificates.stream().filter(e -> e.revokedAt() != null).toList();
  }

  /** The JSON text of {@code index.json}. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", 1);
    root.put("crlNumber", crlNumber);
    ArrayNode list = root.putArray("certificates");
    for (Entry e : certificates) {
      ObjectNode n = list.addObject();
      n.put("serial", e.serial());
      n.put("commonName", e.commonName());
      n.put("role", e.role());
      ArrayNode sans = n.putArray("subjectAltNames");
      e.sans().forEach(sans::add);
      n.put("notAfter", e.notAfter().toString());
      n.put("sha256", e.sha256());
      if (e.revokedAt() != null) {
        n.put("revokedAt", e.revokedAt().toString());
      }
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the index", e);
    }
  }

  /**
   * Parses {@code index.json}.
   *
   * @throws IllegalArgumentException naming what is wrong, for a file that is not an index
   */
  public static CertIndex fromJson(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON");
    }
    if (root == null || !root.isObject() || !root.path("certificates").isArray()) {
      throw new IllegalArgumentException("no 'certificates' list");
    }
    List<Entry> entries = new ArrayList<>();
    int i = 0;
    for (JsonNode n : root.get("certificates")) {
      i++;
      try {
        List<String> sans = new ArrayList<>();
        n.path("subjectAltNames").forEach(s -> sans.add(s.asText()));
        entries.add(
            new Entry(
                text(n, "serial"),
                text(n, "commonName"),
                text(n, "role"),
                sans,
                Instant.parse(text(n, "notAfter")),
                text(n, "sha256"),
                n.hasNonNull("revokedAt") ? Instant.parse(n.get("revokedAt").asText()) : null));
      } catch (IllegalArgumentException | DateTimeParseException e) {
        throw new IllegalArgumentException("certificate " + i + ": " + e.getMessage());
      }
    }
    return new CertIndex(root.path("crlNumber").asLong(0), entries);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' missing");
    }
    return v.asText();
  }
}
