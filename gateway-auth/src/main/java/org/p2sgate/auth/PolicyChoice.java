package org.p2sgate.auth;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Several policies served at once, the one to run chosen by what the client presents: the first, in
 * configured order, whose every method has what it needs (a certificate for {@code certificate},
 * the {@code AzureAD} username for {@code entra}, another username for {@code radius}). One gateway
 * can so take certificate + RADIUS OTP users and Azure VPN Client users with Entra ID tokens on the
 * same port. A client that fits no policy is refused, naming what it presented (never its
 * password).
 */
public final class PolicyChoice implements Authenticator {

  /**
   * One policy and its composed authenticator.
   *
   * @param policy the policy, for messages
   * @param fits whether a client's credentials have what the policy's methods need
   * @param authenticator the composed policy
   */
  public record Option(
      AuthPolicy policy, Predicate<Credentials> fits, Authenticator authenticator) {
    public Option {
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(fits, "fits");
      Objects.requireNonNull(authenticator, "authenticator");
    }
  }

  private final List<Option> options;

  public PolicyChoice(List<Option> options) {
    this.options = List.copyOf(options);
    if (this.options.isEmpty()) {
      throw new IllegalArgumentException("no policy to choose from");
    }
  }

  /** The option that would run for these credentials, if any (for logs and tests). */
  public java.util.Optional<Option> choose(Credentials credentials) {
    return options.stream().filter(o -> o.fits().test(credentials)).findFirst();
  }

  @Override
  public CompletionStage<AuthResult> authenticate(Credentials credentials, AuthContext context) {
    return choose(credentials)
        .map(o -> o.authenticator().authenticate(credentials, context))
        .orElseGet(
            () ->
                CompletableFuture.completedFuture(
                    new AuthResult.Rejected(
                        "no policy fits what the client presented (certificate: "
                            + (credentials.certificateChain().isEmpty() ? "none" : "yes")
                            + ", username: "
                            + (credentials.username().isEmpty() ? "none" : "yes")
                            + ")",
                        null,
                        "policy")));
  }
}
