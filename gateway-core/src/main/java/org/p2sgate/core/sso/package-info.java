/**
 * The HTTPS edge of browser sign-in: the page an OpenVPN client's {@code WEB_AUTH} link opens and
 * the OpenID provider's callback, served to users' browsers on a listener of its own (decision
 * 0032). What the requests mean is {@link org.p2sgate.auth.sso.BrowserSignIn}'s business; this
 * package only carries them.
 */
package org.p2sgate.core.sso;
