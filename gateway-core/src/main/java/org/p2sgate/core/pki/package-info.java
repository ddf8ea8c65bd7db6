/**
 * The PKI and client profiles: what the operator hands to users. {@link
 * org.p2sgate.core.pki.PkiFolder} runs a CA in a folder (issue, revoke into the thumbprint list and
 * CRL the gateway watches, import an existing root); {@link org.p2sgate.core.pki.DemoPki} is the
 * demo's throwaway one with the same layout. {@link org.p2sgate.core.pki.Profiles} makes a user's
 * profile for a login policy: an inline {@code .ovpn} ({@link org.p2sgate.core.pki.ClientProfile})
 * or the cloud gateway's zip layout ({@link org.p2sgate.core.pki.AzureProfile}). {@link
 * org.p2sgate.core.pki.DemoSetup} lays out the data directory of {@code p2sgate demo}. Private keys
 * and profiles are written mode 0600 and never logged or printed.
 */
package org.p2sgate.core.pki;
