package org.p2sgate.auth;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs several methods one after another; all must accept. The first result that is not {@link
 * AuthResult.Accepted} ({@code Rejected}, {@code Challenge} or {@code Unavailable}) ends the run
 * and is returned, a refusal naming the method that refused: later methods are not asked. When all
 * accept, the attributes are merged (a later method's value wins for the same key) and the identity
 * is the one named by the last method that names a non-empty one; the group facts are the union of
 * all methods' facts.
 *
 * <p>A method that throws, or whose stage fails, yields {@code Unavailable} naming the method and
 * the exception's type only: exception messages from libraries may quote what the client sent.
 */
public final class ChainedAuthenticator implements Authenticator {

  /**
   * One method of the chain.
   *
   * @param name the method's configured name, for messages
   * @param authenticator the method
   */
  public record Step(String name, Authenticator authenticator) {
    public Step {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(authenticator, "authenticator");
    }
  }

  private final List<Step> steps;

  public ChainedAuthenticator(List<Step> steps) {
    this.steps = List.copyOf(steps);
    if (this.steps.isEmpty()) {
      throw new IllegalArgumentException("no method to chain");
    }
  }

  /**
   * The attribute every acceptance carries: the methods that accepted, joined by {@code +} (the
   * policy, e.g. {@code certificate+radius}); metrics and the admin API name logins by it.
   */
  public static final String POLICY_ATTRIBUTE = "policy";

  /** The methods joined by {@code +}, as policies are written. */
  public String policyName() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < steps.size(); i++) {
      sb.append(i == 0 ? "" : "+").append(steps.get(i).name());
    }
    return sb.toString();
  }

  public List<Step> steps() {
    return steps;
  }

  @Override
  public CompletionStage<AuthResult> authenticate(Credentials credentials, AuthContext context) {
    return run(0, "", new HashMap<>(), new java.util.TreeSet<>(), credentials, context);
  }

  private CompletionStage<AuthResult> run(
      int index,
      String identity,
      Map<String, String> attributes,
      java.util.Set<String> groups,
      Credentials credentials,
      AuthContext context) {
    if (index == steps.size()) {
      attributes.put(POLICY_ATTRIBUTE, policyName());
      return CompletableFuture.completedFuture(
          new AuthResult.Accepted(identity, attributes, groups));
    }
    Step step = steps.get(index);
    return call(step, credentials, context)
        .thenCompose(
            result ->
                next(index, step, result, identity, attributes, groups, credentials, context));
  }

  /**
   * Goes on after {@code step}'s result: the next step after an acceptance, the end of the run
   * otherwise. A browser sign-in ({@link AuthResult.Pending}) is passed on at once, its outcome
   * going on with the rest of the chain when the user has signed in.
   */
  private CompletionStage<AuthResult> next(
      int index,
      Step step,
      AuthResult result,
      String identity,
      Map<String, String> attributes,
      java.util.Set<String> groups,
      Credentials credentials,
      AuthContext context) {
    if (result instanceof AuthResult.Pending p) {
      CompletionStage<AuthResult> rest =
          p.outcome()
              .thenCompose(
                  r ->
                      r instanceof AuthResult.Pending
                          ? CompletableFuture.completedFuture(
                              new AuthResult.Unavailable("a second browser sign-in", step.name()))
                          : next(
                              index, step, r, identity, attributes, groups, credentials, context));
      return CompletableFuture.completedFuture(
          new AuthResult.Pending(p.url(), p.timeout(), cancelling(rest, p.outcome())));
    }
    if (!(result instanceof AuthResult.Accepted accepted)) {
      return CompletableFuture.completedFuture(attributed(result, step.name()));
    }
    attributes.putAll(accepted.attributes());
    groups.addAll(accepted.groups()); // a user is in every group any method names
    String next = accepted.identity().isEmpty() ? identity : accepted.identity();
    return run(index + 1, next, attributes, groups, credentials, context);
  }

  /** {@code rest}, whose cancellation also cancels {@code source} (the method's own stage). */
  private static CompletionStage<AuthResult> cancelling(
      CompletionStage<AuthResult> rest, CompletionStage<AuthResult> source) {
    CompletableFuture<AuthResult> out = new CompletableFuture<>();
    rest.whenComplete(
        (r, e) -> {
          if (e != null) {
            out.completeExceptionally(e);
          } else {
            out.complete(r);
          }
        });
    out.whenComplete(
        (r, e) -> {
          if (out.isCancelled()) {
            source.toCompletableFuture().cancel(false);
          }
        });
    return out;
  }

  /** Refusals and "could not decide" name the method they came from, for the operator's log. */
  private static AuthResult attributed(AuthResult result, String method) {
    return switch (result) {
      case AuthResult.Rejected r -> r.by(method);
      case AuthResult.Unavailable u -> u.by(method);
      default -> result;
    };
  }

  private static CompletionStage<AuthResult> call(
      Step step, Credentials credentials, AuthContext context) {
    CompletionStage<AuthResult> stage;
    try {
      stage = step.authenticator().authenticate(credentials, context);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(failed(step, e));
    }
    if (stage == null) {
      return CompletableFuture.completedFuture(
          new AuthResult.Unavailable("method '" + step.name() + "' returned no result"));
    }
    return stage.handle(
        (result, error) -> {
          if (error != null) {
            return failed(step, unwrap(error));
          }
          if (result == null) {
            return new AuthResult.Unavailable("method '" + step.name() + "' returned no result");
          }
          return result;
        });
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof java.util.concurrent.CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static AuthResult failed(Step step, Throwable e) {
    return new AuthResult.Unavailable(
        "method '" + step.name() + "' failed: " + e.getClass().getSimpleName());
  }

  @Override
  public String toString() {
    return "ChainedAuthenticator[" + policyName() + "]";
  }
}
