package org.p2sgate.auth.entra;

/** The fixed rejection reasons of {@link EntraTokenAuthenticator}; tests pin each one. */
final class Reasons {
  static final String NOT_ENTRA = "not an Entra token login";
  static final String EMPTY = "empty token";
  static final String TOO_LONG = "token too long";
  static final String MALFORMED = "malformed token";
  static final String ENCRYPTED = "encrypted token not accepted";
  static final String ALG_PREFIX = "algorithm not allowed: ";
  static final String TYPE = "token type not allowed";
  static final String BAD_SIGNATURE = "bad signature";
  static final String UNKNOWN_KEY = "unknown signing key";
  static final String MALFORMED_CLAIMS = "malformed claims";
  static final String MISSING_PREFIX = "missing required claims: ";
  static final String WRONG_ISSUER = "wrong issuer";
  static final String WRONG_AUDIENCE = "wrong audience";
  static final String WRONG_TENANT = "wrong tenant";
  static final String EXPIRED = "token expired";
  static final String NOT_YET_VALID = "token not yet valid";
  static final String ISSUED_IN_FUTURE = "token issued in the future";
  static final String INVALID_CLAIMS = "invalid claims";
  static final String NO_IDENTITY = "no identity claim";
  static final String NO_GROUP = "not in a required group";
  static final String NO_ROLE = "missing a required role";

  static final String DISCOVERY_UNAVAILABLE = "OIDC discovery unavailable";
  static final String JWKS_UNAVAILABLE = "JWKS unavailable";
  static final String VERIFIER_ERROR = "token verification error";
  static final String EXECUTOR_REJECTED = "validation executor rejected the task";

  private Reasons() {}
}
