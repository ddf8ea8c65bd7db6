package org.p2sgate.core.crypto;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

/**
 * Chooses the data channel's AEAD implementation once per process (decision 34): OpenSSL's
 * libcrypto through the FFM API where it works (JDK 22+, libcrypto 3 present, a self-test against
 * SunJCE passed), else SunJCE. OpenSSL seals and opens without allocating and runs
 * ChaCha20-Poly1305 about 3x faster than SunJCE on CPUs without AVX-512.
 *
 * <p>{@code -Dp2sgate.aead=auto|openssl|jce} ({@value #PROPERTY}): {@code auto} (the default) falls
 * back to SunJCE and says why in {@link #describe()}; {@code openssl} refuses to start without it;
 * {@code jce} never tries it.
 *
 * <p>{@code OpenSslAead} is compiled for Java 22 into {@code META-INF/versions/22} of the jar (a
 * multi-release jar; this module's bytecode stays at release 21), so it is looked up by name: on
 * JDK 21 the class does not exist.
 */
public final class Aeads {
  /** The system property that chooses the implementation. */
  public static final String PROPERTY = "p2sgate.aead";

  private static final String OPENSSL_CLASS = "org.p2sgate.core.crypto.OpenSslAead";

  private static final Choice CHOICE = choose(System.getProperty(PROPERTY, "auto"));

  /** A factory (null if refused) and what it is, or why it was refused. */
  record Choice(Aead.Factory factory, String description) {}

  private Aeads() {}

  /**
   * A new sealing or opening engine of the chosen implementation.
   *
   * @throws IllegalStateException as {@link #describe()}
   */
  static Aead create(CipherKind kind, byte[] cipherKey, byte[] implicitIv) {
    return chosen().create(kind, cipherKey, implicitIv);
  }

  /**
   * What the data channel uses and, if not OpenSSL, why: for the start-up log.
   *
   * @throws IllegalStateException if {@code -Dp2sgate.aead} asks for what cannot be had
   */
  public static String describe() {
    chosen();
    return CHOICE.description();
  }

  private static Aead.Factory chosen() {
    if (CHOICE.factory() == null) {
      throw new IllegalStateException(CHOICE.description());
    }
    return CHOICE.factory();
  }

  /** OpenSSL's factory whatever was chosen (tests), or null ({@link #openSslStatus()} says why). */
  static Aead.Factory openSslOrNull() {
    return tryOpenSsl().factory();
  }

  /** Why OpenSSL cannot be used here, or its description if it can (tests). */
  static String openSslStatus() {
    return tryOpenSsl().description();
  }

  /** What {@code -Dp2sgate.aead=wanted} gives. */
  static Choice choose(String wanted) {
    String mode = wanted.trim().toLowerCase(Locale.ROOT);
    switch (mode) {
      case "jce":
        return new Choice(JceAead.FACTORY, "SunJCE (-D" + PROPERTY + "=jce)");
      case "auto":
      case "openssl":
        Choice c = tryOpenSsl();
        if (c.factory() != null) {
          return c;
        }
        if (mode.equals("openssl")) {
          return new Choice(
              null, "-D" + PROPERTY + "=openssl, but OpenSSL is not usable: " + c.description());
        }
        return new Choice(JceAead.FACTORY, "SunJCE (OpenSSL not used: " + c.description() + ")");
      default:
        return new Choice(
            null, "-D" + PROPERTY + "=" + wanted + " is not one of auto, openssl, jce");
    }
  }

  /** OpenSSL's factory and its description, or a null factory and the reason. */
  private static Choice tryOpenSsl() {
    if (Runtime.version().feature() < 22) {
      return new Choice(null, "needs JDK 22 or later, this is " + Runtime.version().feature());
    }
    try {
      Class<?> c = Class.forName(OPENSSL_CLASS);
      Aead.Factory f = (Aead.Factory) c.getDeclaredMethod("factory").invoke(null);
      return new Choice(f, f.describe());
    } catch (ClassNotFoundException e) {
      return new Choice(null, "not in this build (no META-INF/versions/22)");
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return new Choice(null, String.valueOf(cause.getMessage()));
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return new Choice(null, e.toString());
    }
  }
}
