package dev.livedrop.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering docs/ARCHITECTURE.md describes, held by the build: a change that crosses a layer
 * fails here rather than in review. Only the root package ({@code LivedropApp}) wires layers together.
 */
@AnalyzeClasses(packages = "dev.livedrop", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  @ArchTest
  static final ArchRule theDomainKnowsOnlyTheJdk = classes().that().resideInAPackage("dev.livedrop.drops..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("dev.livedrop.drops..", "java..")
      .because("the drops domain is plain Java: storage, HTTP and XMPP depend on it, never the reverse");

  @ArchTest
  static final ArchRule theXmppServerKnowsNothingOfTheApp = noClasses().that().resideInAPackage("dev.livedrop.xmpp..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.livedrop", "dev.livedrop.access..", "dev.livedrop.api..",
          "dev.livedrop.config..", "dev.livedrop.drops..", "dev.livedrop.json..", "dev.livedrop.media..",
          "dev.livedrop.realtime..", "dev.livedrop.runtime..", "dev.livedrop.storage..", "dev.livedrop.sweeper..",
          "dev.livedrop.web..")
      .because("the XMPP server is a product of its own; the app plugs into it through its interfaces (RoomFeature, RoomArchive, Authenticator)");

  @ArchTest
  static final ArchRule theHttpEdgeIsALeaf = noClasses().that().resideOutsideOfPackages("dev.livedrop.api..", "dev.livedrop.web..")
      .and().resideOutsideOfPackage("dev.livedrop")
      .should().dependOnClassesThat().resideInAnyPackage("dev.livedrop.api..", "dev.livedrop.web..")
      .because("routes translate HTTP into calls on the services; nothing below them knows HTTP exists");

  @ArchTest
  static final ArchRule storageImplementsTheDomainsInterfacesOnly = noClasses().that().resideInAPackage("dev.livedrop.storage..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.livedrop.realtime..", "dev.livedrop.sweeper..",
          "dev.livedrop.media..", "dev.livedrop.config..")
      .because("storage implements the ports of drops, access (shared throttles) and cluster (leases), and knows no use of them");

  @ArchTest
  static final ArchRule realtimeReachesDataThroughTheDomain = noClasses().that().resideInAPackage("dev.livedrop.realtime..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.livedrop.storage..", "dev.livedrop.sweeper..",
          "dev.livedrop.media..")
      .because("the realtime layer reads drops and the outbox through the domain's DropStore and ChangeLog");

  @ArchTest
  static final ArchRule accessKnowsOnlyTheDomain = noClasses().that().resideInAPackage("dev.livedrop.access..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.livedrop.storage..", "dev.livedrop.realtime..",
          "dev.livedrop.xmpp..", "dev.livedrop.media..", "dev.livedrop.sweeper..")
      .because("passwords, tokens and throttles are rules about drops, whatever keeps them or carries them");

  @ArchTest
  static final ArchRule routesReachMetadataThroughTheServices = noClasses().that().resideInAPackage("dev.livedrop.api..")
      .should().dependOnClassesThat().resideInAPackage("dev.livedrop.storage.jdbc..")
      .because("the routes change drops through DropService, AssetService and CommentService, which keep the outbox in step");
}
