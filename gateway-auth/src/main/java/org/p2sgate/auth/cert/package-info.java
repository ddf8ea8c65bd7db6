/**
 * Client certificate checks: PKIX chain validation to a {@link org.p2sgate.auth.cert.TrustStore} of
 * trusted roots, required clientAuth EKU, identity from the CN or the subjectAltName (UPN or
 * e-mail, {@link org.p2sgate.auth.cert.IdentitySource}), and revocation by thumbprint list and CRL
 * ({@link org.p2sgate.auth.cert.RevocationList}) re-read from disk while running, with a {@link
 * org.p2sgate.auth.cert.RevocationListener} to end live sessions. {@link
 * org.p2sgate.auth.cert.CertificateAuthenticator} is the {@code certificate} method and the check
 * the TLS handshake makes.
 *
 * <p>Specs: RFC 5280 section 6 (path validation), 4.2.1.6 (subjectAltName), 4.2.1.12 (extended key
 * usage), 5 (CRLs); the UPN otherName is Microsoft's szOID_NT_PRINCIPAL_NAME
 * (1.3.6.1.4.1.311.20.2.3).
 */
package org.p2sgate.auth.cert;
