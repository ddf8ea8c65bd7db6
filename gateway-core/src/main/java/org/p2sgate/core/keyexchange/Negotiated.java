package org.p2sgate.core.keyexchange;

/**
 * What the server agreed with one client (wire doc 12.1, point 7).
 *
 * @param cipher the data cipher, an OpenVPN name such as "AES-256-GCM"
 * @param pushCipher whether to push {@code cipher} (only to clients that negotiate)
 * @param dataV2 whether the client gets a peer-id and P_DATA_V2
 * @param ekm whether data keys come from the TLS exporter (else the legacy PRF)
 * @param ccExit whether the client understands {@code protocol-flags} and the EXIT message
 * @param pushWithoutRequest whether to send PUSH_REPLY without waiting for PUSH_REQUEST
 * @param compression how to migrate a client configured with compression
 */
public record Negotiated(
    String cipher,
    boolean pushCipher,
    boolean dataV2,
    boolean ekm,
    boolean ccExit,
    boolean pushWithoutRequest,
    Compression compression) {

  /** The same agreement with data keys from the legacy PRF instead of the TLS exporter. */
  public Negotiated withoutEkm() {
    return new Negotiated(
        cipher, pushCipher, dataV2, false, ccExit, pushWithoutRequest, compression);
  }

  /** Compression framing on the data channel (wire doc 8). The gateway never compresses. */
  public enum Compression {
    /** No framing: the 2.6 default. */
    NONE,
    /** Pushed {@code compress stub-v2}: no framing but the V2 escape (0x50 0x00) on receive. */
    STUB_V2,
    /** Pushed {@code comp-lzo no}: a 0xFA byte before every payload, both ways. */
    LZO_NO;

    /** Bytes the gateway prepends when it sends. */
    public int sendPrefix() {
      return this == LZO_NO ? 1 : 0;
    }
  }
}
