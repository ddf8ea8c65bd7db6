/**
 * OpenVPN's management interface for a server, for the tools operators already run against it
 * (openvpn-monitor, exporters, scripts): {@code status [1|2|3]}, {@code kill CN}, {@code kill
 * IP:port}, {@code client-kill CID [RESTART|HALT]}, {@code load-stats}, {@code nclients}, {@code
 * state}, {@code version}, {@code pid}, {@code help}, {@code quit}/{@code exit}; with the
 * reference's banner, password prompt and {@code SUCCESS:}/{@code ERROR:}/{@code END} replies, each
 * line ending in CRLF. Reference: OpenVPN {@code src/openvpn/manage.c} ({@code
 * man_dispatch_command}, {@code man_kill}, {@code man_load_stats}, {@code man_check_password}) and
 * {@code multi.c} ({@code management_callback_*}); checked against the real 2.6 server in {@code
 * StatusCompatIT}.
 *
 * <p>{@link org.p2sgate.core.management.CommandParser} (a line in, a {@link
 * org.p2sgate.core.management.Command} out) and {@link
 * org.p2sgate.core.management.ManagementConsole} (one connection's state and replies, against
 * {@link org.p2sgate.core.admin.GatewayControl}) need no sockets; {@link
 * org.p2sgate.core.management.ManagementServer} is the TCP / unix socket edge.
 */
package org.p2sgate.core.management;
