/** Client certificate checks: PKIX chain to the configured CAs, EKU, identity mapping. */
package org.p2sgate.auth.cert;
