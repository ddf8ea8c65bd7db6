package org.p2sgate.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.elements.ClassesShouldConjunction;
import com.tngtech.archunit.lang.syntax.elements.GivenClassesConjunction;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * House rule 1 (and 2): the protocol packages are pure state machines. They touch no sockets, no
 * Netty, no threads and no clock; time comes in as an argument.
 */
class PureProtocolArchTest {
  static final String[] PURE = {
    "org.p2sgate.core.wire..",
    "org.p2sgate.core.control..",
    "org.p2sgate.core.reliable..",
    "org.p2sgate.core.tls..",
    "org.p2sgate.core.keyexchange..",
    "org.p2sgate.core.crypto..",
    "org.p2sgate.core.session..",
    "org.p2sgate.core.ippool..",
    "org.p2sgate.core.routing..",
    "org.p2sgate.core.status..",
    "org.p2sgate.core.timer..",
  };

  /** Clock reads: {@code owner#name}, any overload. */
  static final Set<String> CLOCK_READS =
      Set.of(
          System.class.getName() + "#currentTimeMillis",
          System.class.getName() + "#nanoTime",
          Instant.class.getName() + "#now",
          Clock.class.getName() + "#systemUTC",
          Clock.class.getName() + "#systemDefaultZone");

  static final DescribedPredicate<JavaMethodCall> READS_THE_CLOCK =
      DescribedPredicate.describe(
          "read the wall or monotonic clock (" + String.join(", ", CLOCK_READS) + ")",
          call ->
              CLOCK_READS.contains(
                  call.getTarget().getOwner().getName() + "#" + call.getTarget().getName()));

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    // the importer logs every class it resolves at DEBUG; keep the build output readable
    if (LoggerFactory.getLogger("com.tngtech.archunit") instanceof Logger l) {
      l.setLevel(Level.INFO);
    }
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("org.p2sgate.core");
  }

  static ClassesShouldConjunction noIo(GivenClassesConjunction that) {
    return that.should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.netty..", "java.nio.channels..")
        .orShould()
        .dependOnClassesThat()
        .belongToAnyOf(Socket.class, DatagramSocket.class, ServerSocket.class, Thread.class);
  }

  static ClassesShouldConjunction noClock(GivenClassesConjunction that) {
    return that.should().callMethodWhere(READS_THE_CLOCK);
  }

  @Test
  void protocolPackagesDoNoIoAndStartNoThreads() {
    ArchRule rule =
        noIo(noClasses().that().resideInAnyPackage(PURE))
            .because("house rule 1: protocol code is a pure state machine that you feed");
    rule.check(production);
  }

  @Test
  void protocolPackagesNeverReadTheClock() {
    ArchRule rule =
        noClock(noClasses().that().resideInAnyPackage(PURE))
            .because("house rule 2: time comes in as an argument");
    rule.check(production);
  }

  /**
   * The session table is owned by one thread: work finished elsewhere comes back as a value the
   * owner hands in ({@code Completion}), so the package needs no queue, lock or volatile of its
   * own.
   */
  static ClassesShouldConjunction noSharedState(GivenClassesConjunction that) {
    return that.should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.util.concurrent.locks..", "java.util.concurrent.atomic..")
        .orShould()
        .dependOnClassesThat()
        .haveSimpleNameStartingWith("Concurrent")
        .orShould()
        .dependOnClassesThat()
        .haveSimpleNameEndingWith("BlockingQueue");
  }

  @Test
  void theSessionCoreSharesNoStateAcrossThreads() {
    // Shards is the one place where the session tables of a gateway with several data-path
    // threads meet (decision 35): admission, limits, owners; every session stays with one table
    noSharedState(
            noClasses()
                .that()
                .resideInAPackage("org.p2sgate.core.session..")
                .and()
                .doNotHaveFullyQualifiedName("org.p2sgate.core.session.Shards"))
        .because("one owner thread; results of other threads come back through Completion")
        .check(production);
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields()
        .that()
        .areDeclaredInClassesThat()
        .resideInAPackage("org.p2sgate.core.session..")
        .should()
        .haveModifier(com.tngtech.archunit.core.domain.JavaModifier.VOLATILE)
        .check(production);
  }

  @Test
  void thePureSetIsNotEmpty() {
    for (String pkg : new String[] {"wire", "control", "reliable", "keyexchange", "ippool"}) {
      assertTrue(production.containPackage("org.p2sgate.core." + pkg), pkg + " was not imported");
    }
  }

  // ---- the rules above must be able to fail: run them on classes that break them ----

  @SuppressWarnings("unused")
  static final class ReadsTheClock {
    long a() {
      return System.currentTimeMillis();
    }

    long b() {
      return System.nanoTime();
    }

    Instant c() {
      return Instant.now(Clock.systemUTC());
    }
  }

  @SuppressWarnings("unused")
  static final class DoesIo {
    void a() throws Exception {
      try (DatagramSocket s = new DatagramSocket()) {
        Thread.onSpinWait();
      }
    }

    io.netty.buffer.ByteBuf b() {
      return null;
    }
  }

  @SuppressWarnings("unused")
  static final class SharesState {
    final java.util.Queue<Object> q = new java.util.concurrent.ConcurrentLinkedQueue<>();
    final java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong();
  }

  @SuppressWarnings("unused")
  static final class Clean {
    long a(long now) {
      return now + 2000;
    }
  }

  private static JavaClasses fixtures() {
    return new ClassFileImporter()
        .importClasses(ReadsTheClock.class, DoesIo.class, SharesState.class, Clean.class);
  }

  @Test
  void theRulesCatchViolations() {
    JavaClasses f = fixtures();
    String clock = ReadsTheClock.class.getName();
    String io = DoesIo.class.getName();
    String clean = Clean.class.getName();
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> noClock(noClasses().that().haveFullyQualifiedName(clock)).check(f));
    for (String m : new String[] {"currentTimeMillis", "nanoTime", "now", "systemUTC"}) {
      assertTrue(e.getMessage().contains(m), m + " not reported: " + e.getMessage());
    }
    AssertionError e2 =
        assertThrows(
            AssertionError.class,
            () -> noIo(noClasses().that().haveFullyQualifiedName(io)).check(f));
    for (String m : new String[] {"DatagramSocket", "Thread", "io.netty.buffer.ByteBuf"}) {
      assertTrue(e2.getMessage().contains(m), m + " not reported: " + e2.getMessage());
    }
    String shares = SharesState.class.getName();
    AssertionError e3 =
        assertThrows(
            AssertionError.class,
            () -> noSharedState(noClasses().that().haveFullyQualifiedName(shares)).check(f));
    for (String m : new String[] {"ConcurrentLinkedQueue", "AtomicLong"}) {
      assertTrue(e3.getMessage().contains(m), m + " not reported: " + e3.getMessage());
    }
    noSharedState(noClasses().that().haveFullyQualifiedName(clean)).check(f);
    noIo(noClasses().that().haveFullyQualifiedName(clean)).check(f);
    noClock(noClasses().that().haveFullyQualifiedName(clean)).check(f);
  }
}
