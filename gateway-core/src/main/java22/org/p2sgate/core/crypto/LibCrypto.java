package org.p2sgate.core.crypto;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The few libcrypto (OpenSSL 3) functions the data channel calls, bound once through the FFM API
 * into constants (so the JIT inlines the calls). Each call is short and never blocks or calls back,
 * so all are bound as critical (no thread-state transition). If the library or a symbol is missing
 * this class fails to initialise with a readable cause.
 */
final class LibCrypto {
  /** {@code EVP_CTRL_AEAD_GET_TAG}. */
  static final int CTRL_GET_TAG = 0x10;

  /** {@code EVP_CTRL_AEAD_SET_TAG}. */
  static final int CTRL_SET_TAG = 0x11;

  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
  private static final AddressLayout PTR = ValueLayout.ADDRESS;
  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIB = open();

  /** {@code EVP_CIPHER_CTX *EVP_CIPHER_CTX_new(void)}. */
  static final MethodHandle CTX_NEW = bind("EVP_CIPHER_CTX_new", FunctionDescriptor.of(PTR));

  /** {@code void EVP_CIPHER_CTX_free(EVP_CIPHER_CTX *)}: cleanses the key schedule. */
  static final MethodHandle CTX_FREE = bind("EVP_CIPHER_CTX_free", FunctionDescriptor.ofVoid(PTR));

  /** {@code int EVP_CipherInit_ex(ctx, cipher, engine, key, iv, enc)}. */
  static final MethodHandle INIT =
      bind("EVP_CipherInit_ex", FunctionDescriptor.of(INT, PTR, PTR, PTR, PTR, PTR, INT));

  /** {@code int EVP_CipherUpdate(ctx, out, *outl, in, inl)}; out NULL for AAD. */
  static final MethodHandle UPDATE =
      bind("EVP_CipherUpdate", FunctionDescriptor.of(INT, PTR, PTR, PTR, PTR, INT));

  /** {@code int EVP_CipherFinal_ex(ctx, out, *outl)}: 0 when a tag does not verify. */
  static final MethodHandle FINAL =
      bind("EVP_CipherFinal_ex", FunctionDescriptor.of(INT, PTR, PTR, PTR));

  /** {@code int EVP_CIPHER_CTX_ctrl(ctx, type, arg, ptr)}. */
  static final MethodHandle CTRL =
      bind("EVP_CIPHER_CTX_ctrl", FunctionDescriptor.of(INT, PTR, INT, INT, PTR));

  private static final MemorySegment AES_128_GCM = cipher("EVP_aes_128_gcm");
  private static final MemorySegment AES_256_GCM = cipher("EVP_aes_256_gcm");
  private static final MemorySegment CHACHA20_POLY1305 = cipher("EVP_chacha20_poly1305");

  /** {@code OpenSSL_version(OPENSSL_VERSION)}, e.g. "OpenSSL 3.0.13 30 Jan 2024". */
  static final String VERSION = version();

  private LibCrypto() {}

  static MemorySegment cipherOf(CipherKind kind) {
    return switch (kind) {
      case AES_128_GCM -> AES_128_GCM;
      case AES_256_GCM -> AES_256_GCM;
      case CHACHA20_POLY1305 -> CHACHA20_POLY1305;
    };
  }

  private static SymbolLookup open() {
    IllegalArgumentException first = null;
    for (String name : new String[] {"libcrypto.so.3", "libcrypto.so"}) {
      try {
        return SymbolLookup.libraryLookup(name, Arena.global());
      } catch (IllegalArgumentException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    throw new IllegalStateException("libcrypto.so.3 not found (install libssl3)", first);
  }

  private static MethodHandle bind(String name, FunctionDescriptor d) {
    MemorySegment fn =
        LIB.find(name)
            .orElseThrow(() -> new IllegalStateException("libcrypto has no " + name + "()"));
    return LINKER.downcallHandle(fn, d, Linker.Option.critical(false));
  }

  private static MemorySegment cipher(String name) {
    MemorySegment c;
    try {
      c = (MemorySegment) bind(name, FunctionDescriptor.of(PTR)).invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException(name + "() failed", t);
    }
    if (c.equals(MemorySegment.NULL)) {
      throw new IllegalStateException(name + "() returned NULL");
    }
    return c;
  }

  private static String version() {
    try {
      MemorySegment v =
          (MemorySegment) bind("OpenSSL_version", FunctionDescriptor.of(PTR, INT)).invokeExact(0);
      return v.equals(MemorySegment.NULL) ? "OpenSSL" : v.reinterpret(256).getString(0);
    } catch (Throwable t) {
      return "OpenSSL";
    }
  }
}
