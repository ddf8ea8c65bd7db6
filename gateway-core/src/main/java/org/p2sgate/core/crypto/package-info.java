/**
 * The OpenVPN 2.6 AEAD data channel: in-place seal and open of P_DATA_V1 / P_DATA_V2 packets and
 * the packet-id replay window.
 *
 * <p>Specification: {@code /work/shared/docs/openvpn-wire-protocol.md} (the "wire doc")
 *
 * <ul>
 *   <li>6.3 What AEAD uses: cipher key = {@code keys[dir].cipher[0:keylen]}, implicit IV = {@code
 *       keys[dir].hmac[0:8]};
 *   <li>7 and 7.1 the AEAD packet layout ({@link org.p2sgate.core.crypto.AeadLayout}), sealed by
 *       {@link org.p2sgate.core.crypto.DataSealer} and opened by {@link
 *       org.p2sgate.core.crypto.DataOpener};
 *   <li>7.5 replay protection ({@link org.p2sgate.core.crypto.ReplayWindow});
 *   <li>9.1 the ping is an ordinary data packet with a 16-byte payload; it is sealed and opened
 *       here like any other and recognised by the caller.
 * </ul>
 *
 * <p>Reference: OpenVPN/openvpn {@code src/openvpn/crypto.c} ({@code openvpn_encrypt_aead}, {@code
 * openvpn_decrypt_aead}, {@code crypto_check_replay}), {@code src/openvpn/packet_id.c}, {@code
 * src/openvpn/packet_id.h}, {@code src/openvpn/crypto_backend.h}. No code was taken from it.
 *
 * <p>This package is pure: no sockets, no threads, no clock reads (time comes in as {@code
 * nowMillis}). Buffers carry headroom and are sealed and opened in place (house rule 5); failures
 * on peer input are negative {@link org.p2sgate.core.crypto.OpenFailure} codes, never exceptions
 * (rules 8, 9). Sealers, openers and windows are not thread safe: one owner at a time.
 *
 * <p>Seal and open go through {@link org.p2sgate.core.crypto.Aead}: OpenSSL's libcrypto through the
 * FFM API where it works (JDK 22+, no allocation per packet, ChaCha20-Poly1305 about 3x faster),
 * else SunJCE (platform notes 2d: AES-GCM about 2 GB/s per core), as {@link
 * org.p2sgate.core.crypto.Aeads} chooses (decision 34). BouncyCastle's lightweight AEAD is 10-20x
 * slower and is not used here.
 */
package org.p2sgate.core.crypto;
