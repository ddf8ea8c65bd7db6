/**
 * RADIUS authentication and accounting (RFC 2865, RFC 2866) over aaa4j-radius' UDP client.
 *
 * <p>Every request carries a Message-Authenticator (RFC 3579 section 3.2) and every response must
 * carry a valid one; responses without it are dropped (BlastRADIUS, CVE-2024-3596). PAP and
 * MS-CHAPv2 (RFC 2548 attributes, RFC 2759 computations in {@link
 * org.p2sgate.auth.radius.MsChapV2}) are supported, as are Access-Challenge round trips relayed as
 * OpenVPN dynamic (CRV1) and static (SCRV1) challenges. A primary and an optional secondary server
 * are tried in order, each with its own timeout and retries.
 */
package org.p2sgate.auth.radius;
