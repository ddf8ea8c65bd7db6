package org.p2sgate.auth.entra;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetSourceWrapper;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The tenant's signing keys: {@code jwks_uri} from the OIDC discovery document, read once, then a
 * Nimbus {@link JWKSourceBuilder} source for the key set.
 *
 * <p><b>A login whose {@code kid} is cached never waits for network I/O; no login holds or waits on
 * a monitor during I/O, and none waits longer than the HTTP timeout for another's fetch.</b> Of the
 * two ways to get there for logins that do need a fetch (fail at once while one is in flight, or
 * wait for it with a bound) this class waits, bounded: right after the gateway starts no key is
 * cached yet, and failing every login that arrives during the first fetch with AUTH_FAILED,TEMP
 * would be needless. In detail:
 *
 * <ul>
 *   <li>A token whose {@code kid} is in the cached key set is verified from the cache, with no
 *       request on its thread and no wait, also while the IdP is down or slow: the Nimbus cache
 *       entry lives for the cache lifetime <em>plus</em> the outage tolerance, and from 3/4 of the
 *       lifetime on a use starts a refresh on the background thread {@value #REFRESH_THREAD}
 *       (Nimbus refresh-ahead; one at a time, under the rate limit and the backoff below) instead
 *       of fetching on the login's thread. Keys older than lifetime + tolerance are dropped, and
 *       the next login fetches (nothing cached is left to serve).
 *   <li>Discovery is single-flight: one login fetches the document (no monitor held); logins that
 *       arrive meanwhile wait for that fetch's outcome at most {@link EntraConfig#httpTimeout()}
 *       ({@link CompletableFuture#get(long, TimeUnit)}), then share it.
 *   <li>The key set fetch is single-flight by Nimbus: the fetching thread holds the cache's {@code
 *       ReentrantLock} (not a monitor); another login that needs a refresh (unknown {@code kid})
 *       waits for it at most {@code min(httpTimeout, lifetime / 2)} ({@code cacheRefreshTimeout})
 *       and then gets {@code AuthResult.Unavailable}.
 * </ul>
 *
 * <p><b>Requests are bounded while the IdP is down.</b> After a failed discovery or key set fetch
 * no new one is made for 1 s, 2 s, 4 s ... up to 60 s ({@link Backoff}, on the injected clock);
 * meanwhile a login needing it gets {@code AuthResult.Unavailable} at once (for discovery, with the
 * last failure's reason). On top of that Nimbus' rate limit allows at most two key set fetches per
 * {@code min(30 s, lifetime / 2)}, so a stream of tokens with random {@code kid}s costs at most one
 * refresh beyond the regular ones per interval while the IdP answers.
 *
 * <p>What is Nimbus and what is hand-written here:
 *
 * <ul>
 *   <li>Nimbus ({@link JWKSourceBuilder}): fetching and parsing the key set ({@link
 *       URLBasedJWKSetSource} with a size-limited {@link DefaultResourceRetriever}), the cache with
 *       single-flight and bounded waits, refresh-ahead on a background thread, a refresh on an
 *       unknown {@code kid}, and the rate limit.
 *   <li>Hand-written: OIDC discovery (Nimbus JOSE has none; it lives in the OAuth 2.0 SDK, which is
 *       not a dependency), single-flight with a bounded wait for it, and the exponential backoff
 *       for both fetches ({@link Backoff}; Nimbus has only an immediate retry and a fixed window).
 *   <li>Not used: Nimbus' {@code outageTolerant} and {@code retrying}. Outage tolerance there takes
 *       effect only after a fetch on the caller's thread has failed, i.e. after the login waited
 *       for the failing request, and it hands back the old keys as if fetched (an unknown {@code
 *       kid} then looks rejected, not undecided); the longer cache lifetime with refresh-ahead
 *       gives the same tolerance without a login ever waiting. {@code retrying} would send a second
 *       request to an IdP that has just failed.
 * </ul>
 *
 * The {@code jwks_uri} is read once per instance: Entra's does not change, and key rotation is
 * handled by the key set cache.
 */
final class DiscoveryJwkSource implements JWKSource<SecurityContext>, Closeable {

  /** Discovery documents are small; Entra's is about 1.7 KB. */
  private static final int SIZE_LIMIT = 256 * 1024;

  /** Longer durations are clamped to this, so that sums of milliseconds cannot overflow. */
  private static final Duration LONGEST = Duration.ofDays(100 * 365);

  /** Name of the thread that refreshes keys ahead of expiry; tests check none outlives close(). */
  static final String REFRESH_THREAD = "entra-jwks-refresh";

  private final EntraConfig config;
  private final ResourceRetriever retriever;
  private final Backoff discoveryBackoff;
  private final Backoff jwksBackoff;
  private final AtomicReference<CompletableFuture<JWKSource<SecurityContext>>> discovering =
      new AtomicReference<>();
  private volatile JWKSource<SecurityContext> delegate;
  private volatile DiscoveryException lastDiscoveryFailure;
  private volatile boolean closed;

  /**
   * @param clock times the backoff after failed fetches
   */
  DiscoveryJwkSource(EntraConfig config, Clock clock) {
    this(config, clock, org.p2sgate.auth.BackendObserver.NONE);
  }

  /**
   * @param clock times the backoff after failed fetches
   * @param observer hears of every request to the IdP (discovery and key set)
   */
  DiscoveryJwkSource(EntraConfig config, Clock clock, org.p2sgate.auth.BackendObserver observer) {
    this.config = config;
    int timeout = (int) Math.min(Integer.MAX_VALUE, config.httpTimeout().toMillis());
    ResourceRetriever http = new DefaultResourceRetriever(timeout, timeout, SIZE_LIMIT);
    this.retriever =
        url -> {
          long started = System.nanoTime();
          String outcome = "error";
          try {
            var resource = http.retrieveResource(url);
            outcome = "ok";
            return resource;
          } finally {
            observer.request(
                "entra", url.getHost(), outcome, (System.nanoTime() - started) / 1_000_000);
          }
        };
    this.discoveryBackoff = new Backoff(clock);
    this.jwksBackoff = new Backoff(clock);
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    return delegate().get(selector, context);
  }

  /**
   * Whether the last key set fetch failed: then "no key with this kid" (after a refused refresh)
   * means the keys could not be checked, not that the kid is unknown to the IdP.
   */
  boolean jwksFailing() {
    return jwksBackoff.failing();
  }

  private JWKSource<SecurityContext> delegate() throws KeySourceException {
    JWKSource<SecurityContext> d = delegate;
    if (d != null) {
      return d;
    }
    if (closed) {
      throw new DiscoveryException(Reasons.DISCOVERY_UNAVAILABLE + ": closed", null);
    }
    CompletableFuture<JWKSource<SecurityContext>> running = discovering.get();
    if (running == null) {
      refuseWhileBackingOff();
      CompletableFuture<JWKSource<SecurityContext>> mine = new CompletableFuture<>();
      running = discovering.compareAndExchange(null, mine);
      if (running == null) {
        return discover(mine);
      }
    }
    return await(running);
  }

  /** The one discovery in flight, on the calling login's thread; no lock is held. */
  private JWKSource<SecurityContext> discover(CompletableFuture<JWKSource<SecurityContext>> mine)
      throws KeySourceException {
    try {
      // Another login may have finished (or failed) a discovery since this one looked.
      JWKSource<SecurityContext> d = delegate;
      if (d == null) {
        refuseWhileBackingOff();
        URL jwksUri;
        try {
          jwksUri = jwksUri();
        } catch (DiscoveryException e) {
          lastDiscoveryFailure = e;
          discoveryBackoff.failed();
          throw e;
        }
        discoveryBackoff.succeeded();
        d = build(jwksUri);
        delegate = d;
        if (closed && d instanceof Closeable c) {
          closeQuietly(c); // close() may have run before delegate was set
        }
      }
      mine.complete(d);
      return d;
    } catch (KeySourceException | RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      discovering.compareAndSet(mine, null);
    }
  }

  /** Waits for another login's discovery, at most the HTTP timeout. */
  private JWKSource<SecurityContext> await(CompletableFuture<JWKSource<SecurityContext>> running)
      throws KeySourceException {
    try {
      return running.get(config.httpTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new DiscoveryException(
          Reasons.DISCOVERY_UNAVAILABLE + ": still waiting for " + config.discoveryUrl(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof DiscoveryException d) {
        throw new DiscoveryException(d.getMessage(), d);
      }
      throw new DiscoveryException(
          Reasons.DISCOVERY_UNAVAILABLE + ": " + config.discoveryUrl(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DiscoveryException(Reasons.DISCOVERY_UNAVAILABLE + ": interrupted", e);
    }
  }

  /** While backing off after a failed discovery: fail at once, with that failure's reason. */
  private void refuseWhileBackingOff() throws DiscoveryException {
    if (!discoveryBackoff.remaining().isZero()) {
      DiscoveryException last = lastDiscoveryFailure;
      String reason =
          last != null
              ? last.getMessage()
              : Reasons.DISCOVERY_UNAVAILABLE + ": " + config.discoveryUrl();
      throw new DiscoveryException(reason, last);
    }
  }

  private URL jwksUri() throws DiscoveryException {
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
    long lifetime = millis(config.jwksCacheLifetime());
    long tolerance = millis(config.jwksOutageTolerance());
    // Nimbus' cache entry lives through the outage tolerance; refresh-ahead starts where the old
    // setup started it (the last quarter of the lifetime, at most 30 s before its end), so from
    // then on a use triggers a background refresh and keeps being served from the cache.
    long timeToLive = lifetime + tolerance;
    long refreshAhead =
        tolerance + Math.min(JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME, lifetime / 4);
    // How long a login waits for another thread's key set fetch. Nimbus requires refresh-ahead +
    // this <= time to live, which lifetime / 2 guarantees.
    long waitForFetch = Math.min(millis(config.httpTimeout()), lifetime / 2);
    long minInterval = Math.min(JWKSourceBuilder.DEFAULT_RATE_LIMIT_MIN_INTERVAL, lifetime / 2);
    JWKSetSource<SecurityContext> fetch =
        new BackoffJwkSetSource(new URLBasedJWKSetSource<>(jwksUri, retriever), jwksBackoff);
    return JWKSourceBuilder.create(fetch)
        .cache(timeToLive, waitForFetch)
        // Refresh-ahead runs on one daemon thread of our own, shut down by close().
        .refreshAheadCache(refreshAhead, null, refreshExecutor(), true, null, false)
        .rateLimited(minInterval)
        .retrying(false)
        .outageTolerant(false)
        .build();
  }

  private static long millis(Duration d) {
    return (d.compareTo(LONGEST) > 0 ? LONGEST : d).toMillis();
  }

  private static ExecutorService refreshExecutor() {
    return Executors.newSingleThreadExecutor(
        Thread.ofPlatform().daemon().name(REFRESH_THREAD).factory());
  }

  @Override
  public void close() throws IOException {
    closed = true;
    if (delegate instanceof Closeable c) {
      c.close();
    }
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing only stops the refresh thread; nothing to report
    }
  }

  /**
   * The innermost source: one key set fetch, refused at once while {@link Backoff} says so. Nimbus
   * calls it only under its cache's refresh lock, so at most one runs at a time.
   */
  private static final class BackoffJwkSetSource extends JWKSetSourceWrapper<SecurityContext> {
    private final Backoff backoff;

    BackoffJwkSetSource(JWKSetSource<SecurityContext> fetch, Backoff backoff) {
      super(fetch);
      this.backoff = backoff;
    }

    @Override
    public JWKSet getJWKSet(
        JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
        throws KeySourceException {
      Duration wait = backoff.remaining();
      if (!wait.isZero()) {
        throw new JWKSetUnavailableException(
            "JWKS fetch failed recently; next attempt in " + wait.toMillis() + " ms");
      }
      try {
        JWKSet keys = getSource().getJWKSet(refreshEvaluator, currentTime, context);
        backoff.succeeded();
        return keys;
      } catch (KeySourceException | RuntimeException e) {
        backoff.failed();
        throw e;
      }
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
