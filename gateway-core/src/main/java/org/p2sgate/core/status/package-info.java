/**
 * OpenVPN's status report, as the reference server writes it to its {@code status} file and prints
 * for the management interface's {@code status [1|2|3]}: formats 1, 2 (comma-separated, {@code
 * HEADER}/{@code CLIENT_LIST}/{@code ROUTING_TABLE}/{@code GLOBAL_STATS}/{@code END}) and 3 (the
 * same, tab-separated). Reference: OpenVPN {@code src/openvpn/multi.c}, {@code multi_print_status},
 * and {@code otime.c}, {@code time_string}; checked line by line against the real 2.6 server in
 * {@code StatusCompatIT}.
 *
 * <p>Pure: sessions, time and zone come in as arguments, lines of text come out.
 */
package org.p2sgate.core.status;
