package org.p2sgate.auth.entra;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The tenant's signing keys: on first use, reads {@code jwks_uri} from the OIDC discovery document
 * (a failed read is retried on the next use, never cached), then serves keys from a Nimbus {@link
 * JWKSourceBuilder} source with a cache, refresh-ahead, one refresh on an unknown {@code kid}
 * (rate-limited), and outage tolerance (the last keys stay usable while the endpoint is down).
 */
final class DiscoveryJwkSource implements JWKSource<SecurityContext>, Closeable {

  /** Discovery documents are small; Entra's is about 1.7 KB. */
  private static final int SIZE_LIMIT = 256 * 1024;

  private final EntraConfig config;
  private final ResourceRetriever retriever;
  private volatile JWKSource<SecurityContext> delegate;
  private boolean closed;

  DiscoveryJwkSource(EntraConfig config) {
    this.config = config;
    int timeout = (int) Math.min(Integer.MAX_VALUE, config.httpTimeout().toMillis());
    this.retriever = new DefaultResourceRetriever(timeout, timeout, SIZE_LIMIT);
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    return delegate().get(selector, context);
  }

  private JWKSource<SecurityContext> delegate() throws KeySourceException {
    JWKSource<SecurityContext> d = delegate;
    if (d != null) {
      return d;
    }
    synchronized (this) {
      if (closed) {
        throw new KeySourceException(Reasons.DISCOVERY_UNAVAILABLE + ": closed");
      }
      if (delegate == null) {
        delegate = build(jwksUri());
      }
      return delegate;
    }
  }

  private URL jwksUri() throws KeySourceException {
    String body;
    try {
      body = retriever.retrieveResource(config.discoveryUrl().toURL()).getContent();
    } catch (IOException | IllegalArgumentException e) {
      throw new DiscoveryException(Reasons.DISCOVERY_UNAVAILABLE + ": " + config.discoveryUrl(), e);
    }
    try {
      Map<String, Object> doc = JSONObjectUtils.parse(body);
      String uri = JSONObjectUtils.getString(doc, "jwks_uri");
      if (uri == null) {
        throw new java.text.ParseException("no jwks_uri", 0);
      }
      URI parsed = URI.create(uri);
      // https keys always; plain http only when the discovery URL itself is http (loopback tests).
      boolean https = "https".equals(parsed.getScheme());
      boolean http = "http".equals(parsed.getScheme());
      if (!https && !(http && "http".equals(config.discoveryUrl().getScheme()))) {
        throw new java.text.ParseException("jwks_uri must be https", 0);
      }
      return parsed.toURL();
    } catch (java.text.ParseException | IllegalArgumentException | IOException e) {
      throw new DiscoveryException(
          Reasons.DISCOVERY_UNAVAILABLE + ": bad document at " + config.discoveryUrl(), e);
    }
  }

  private JWKSource<SecurityContext> build(URL jwksUri) {
    long ttl = config.jwksCacheLifetime().toMillis();
    // Nimbus requires refresh timeout + refresh-ahead time < time to live.
    long refreshTimeout = Math.min(JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT, ttl / 4);
    long refreshAhead = Math.min(JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME, ttl / 4);
    long minInterval = Math.min(JWKSourceBuilder.DEFAULT_RATE_LIMIT_MIN_INTERVAL, ttl / 2);
    JWKSourceBuilder<SecurityContext> builder =
        JWKSourceBuilder.<SecurityContext>create(jwksUri, retriever)
            .cache(ttl, refreshTimeout)
            // Refresh-ahead runs on one daemon thread of our own, shut down by close().
            .refreshAheadCache(refreshAhead, null, refreshExecutor(), true, null, false)
            .rateLimited(minInterval)
            .retrying(true);
    long outage = config.jwksOutageTolerance().toMillis();
    builder = outage > 0 ? builder.outageTolerant(outage) : builder.outageTolerant(false);
    return builder.build();
  }

  /** Name of the thread that refreshes keys ahead of expiry; tests check none outlives close(). */
  static final String REFRESH_THREAD = "entra-jwks-refresh";

  private static ExecutorService refreshExecutor() {
    return Executors.newSingleThreadExecutor(
        Thread.ofPlatform().daemon().name(REFRESH_THREAD).factory());
  }

  @Override
  public void close() throws IOException {
    JWKSource<SecurityContext> d;
    synchronized (this) {
      closed = true;
      d = delegate;
    }
    if (d instanceof Closeable c) {
      c.close();
    }
  }

  /** The discovery document could not be read or used. */
  static final class DiscoveryException extends KeySourceException {
    private static final long serialVersionUID = 1L;

    DiscoveryException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
