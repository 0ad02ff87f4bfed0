package dev.livedrop.xmpp.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The server's layers (docs/ARCHITECTURE.md): transports frame bytes into elements, streams
 * negotiate and hand stanzas to the router, and services (one per XEP) answer what is routed to
 * them. Held here so that a shortcut across them fails the build.
 */
@AnalyzeClasses(packages = "dev.livedrop.xmpp", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  @ArchTest
  static final ArchRule transportsOnlyFrame = noClasses().that().resideInAPackage("dev.livedrop.xmpp.transport..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.livedrop.xmpp.router..", "dev.livedrop.xmpp.muc..",
          "dev.livedrop.xmpp.services..", "dev.livedrop.xmpp.sasl..")
      .because("a transport turns bytes into elements and back; what a stanza means is the stream's and the services' business");

  @ArchTest
  static final ArchRule servicesNeverTouchATransport = noClasses().that()
      .resideInAnyPackage("dev.livedrop.xmpp.muc..", "dev.livedrop.xmpp.services..", "dev.livedrop.xmpp.router..")
      .should().dependOnClassesThat().resideInAPackage("dev.livedrop.xmpp.transport..")
      .because("services answer stanzas the same way whether the client came over TCP, BOSH or WebSocket");

  @ArchTest
  static final ArchRule xmlIsTheBottom = noClasses().that().resideInAPackage("dev.livedrop.xmpp.xml..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.livedrop.xmpp.stream..", "dev.livedrop.xmpp.router..",
          "dev.livedrop.xmpp.transport..", "dev.livedrop.xmpp.muc..", "dev.livedrop.xmpp.services..",
          "dev.livedrop.xmpp.sasl..");

  @ArchTest
  static final ArchRule saslIsPureMechanism = noClasses().that().resideInAPackage("dev.livedrop.xmpp.sasl..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.livedrop.xmpp.stream..", "dev.livedrop.xmpp.router..",
          "dev.livedrop.xmpp.transport..", "dev.livedrop.xmpp.muc..", "dev.livedrop.xmpp.services..")
      .because("SASL mechanisms check credentials; the stream drives them");

  @ArchTest
  static final ArchRule theMucIsOneServiceAmongOthers = noClasses().that().resideInAPackage("dev.livedrop.xmpp.muc..")
      .should().dependOnClassesThat().resideInAPackage("dev.livedrop.xmpp.services..")
      .because("XEP modules do not reach into one another; they meet at the router");
}
