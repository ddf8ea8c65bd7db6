package org.p2sgate.core.observe;

/** Why a packet from a peer or from the TUN device was dropped. Every drop is counted. */
public enum DropReason {
  TOO_SHORT,
  /**
   * A UDP datagram longer than any OpenVPN packet of this configuration: dropped whole, never
   * truncated into something that is parsed (the receive buffer is one byte longer than the largest
   * accepted datagram, so a longer one shows as a full buffer).
   */
  OVERSIZED_DATAGRAM,
  UNKNOWN_OPCODE,
  WRAP_AUTH_FAILED,
  CONTROL_REPLAY,
  MALFORMED_CONTROL,
  UNKNOWN_SESSION,
  WRONG_SESSION_ID,
  BAD_KEY_ID,
  COOKIE_INVALID,
  RATE_LIMITED,
  MAX_CLIENTS,
  /** A new session or TCP connection past the pending-login limits (in all, or its source's). */
  PENDING_LIMIT,
  /** A second HARD_RESET on a TCP connection whose session has not logged in: closed. */
  STREAM_RESET_REPEATED,
  /** A new session while the gateway drains: the client moves to another server. */
  DRAINING,
  /** A TCP connection that started no session within 10 s: closed. */
  STREAM_SILENT,
  /** A TCP connection whose framing broke (a length past the largest packet): closed. */
  STREAM_MALFORMED,
  DATA_UNKNOWN_PEER,
  /**
   * A P_DATA_V2 with a known peer-id from an address another client's session holds: the session
   * does not float there (the reference's "Disallow float to an address taken by another client").
   */
  FLOAT_ADDRESS_TAKEN,
  DATA_KEY_NOT_READY,
  /** A data packet of a session whose login is pending or refused. */
  DATA_NOT_ADMITTED,
  /** A SOFT_RESET before the session is admitted and its key established. */
  RENEGOTIATION_NOT_ALLOWED,
  DATA_BAD_TAG,
  DATA_REPLAY,
  DATA_MALFORMED,
  COMPRESSION_FRAMING,
  SPOOFED_SOURCE,
  /** An IP packet from a client to a destination its access groups do not allow. */
  ACCESS_DENIED,
  /** Neither an IPv4 packet nor an IPv6 one, or an IPv4 packet shorter than its header. */
  NOT_IPV4,
  /** An IPv6 packet, from the TUN device or a client, to a gateway without an IPv6 network. */
  IPV6_NOT_CONFIGURED,
  /** An IPv6 packet shorter than its 40-byte header or than its payload length says. */
  IPV6_MALFORMED,
  /**
   * An IPv6 packet from a client with a link-scope source (fe80::/10, or :: as in duplicate address
   * detection): router solicitations and MLD reports of the client's TUN, nothing to route.
   */
  IPV6_LINK_SCOPE,
  NO_ROUTE,
  CLIENT_TO_CLIENT_DISABLED,
  SEND_WINDOW_FULL,
  /** A control message too far ahead, or past the out-of-order budget: the peer sends it again. */
  CONTROL_NOT_BUFFERED,
  /** TLS output a peer left unacknowledged beyond the session's budget: the session is closed. */
  CONTROL_QUEUE_OVERFLOW,
  /**
   * TLS records on a key whose control channel ended when a renegotiation made a newer key active
   * (its data keys live on for the transition window): acknowledged, not read.
   */
  CONTROL_ON_RETIRED_KEY,
  /**
   * IP packets from the TUN device the event loop took none of for 100 ms (stalled, or stopping): a
   * loop that is merely behind makes the reader wait, and the kernel's queue overflows instead
   * ({@code p2sgate_tun_queue_overflows_total}).
   */
  TUN_HANDOFF_FULL,
  /**
   * Packets for another session table's client (a float, or a peer-id that table gives) while too
   * many such hand-overs were already waiting.
   */
  TABLE_HANDOFF_FULL,
  TRANSPORT_BACKPRESSURE,
  /** A tls-crypt-v2 packet (V3 reset, WKC_V1) to a gateway without a tls-crypt-v2 server key. */
  TLS_CRYPT_V2_NOT_CONFIGURED,
  /** A V1/V2 hard reset where only tls-crypt-v2 clients are served. */
  TLS_CRYPT_V2_REQUIRED,
  /** A tls-crypt-v2 packet whose WKc length field does not fit it or a WKc. */
  WKC_MALFORMED,
  /** A WKc that does not authenticate: forged, or made for another server key. */
  WKC_AUTH_FAILED,
  /** A tls-crypt-v2 client key the policy refuses (revoked, too old): before any TLS. */
  TLS_CRYPT_V2_REVOKED,
  /** A V3 reset from a client that cannot resend its WKc (before 2.6): no state kept for it. */
  TLS_CRYPT_V2_NO_RESEND
}
