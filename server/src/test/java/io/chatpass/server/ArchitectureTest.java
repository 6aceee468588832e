package io.chatpass.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph, as designed, checked on the compiled classes (ArchUnit): core knows nothing of the server, no
 * feature package depends on another in a cycle, configuration does not reach into the web layer, a vendor is one
 * package that no other vendor reaches into, and only the vendor registry names vendors.
 */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // main code only: tests (here and in core's test jar) may cross packages freely
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
                .importPackages("io.chatpass");
    }

    @Test
    void coreIsAFrameworkFreeLibraryThatKnowsNothingOfTheServer() {
        noClasses().that().resideInAPackage("io.chatpass.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.chatpass.server..", "io.javalin..", "org.eclipse.jetty..", "picocli..",
                        "io.micrometer..", "ch.qos.logback..")
                .check(classes);
    }

    @Test
    void theServersFeaturePackagesHaveNoCycles() {
        slices().matching("io.chatpass.server.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void coresPackagesHaveNoCycles() {
        slices().matching("io.chatpass.core.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void configurationDoesNotReachIntoTheWebLayer() {
        noClasses().that().resideInAPackage("io.chatpass.server.config..")
                .should().dependOnClassesThat().resideInAnyPackage("io.chatpass.server.web..", "io.javalin..")
                .check(classes);
    }

    @Test
    void theWebLayerIsHttpPlumbingThatKnowsNoFeature() {
        noClasses().that().resideInAPackage("io.chatpass.server.web..")
                .should().dependOnClassesThat().resideInAnyPackage("io.chatpass.server.admin..", "io.chatpass.server.cli..",
                        "io.chatpass.server.config..", "io.chatpass.server.demo..", "io.chatpass.server.login..",
                        "io.chatpass.server.sandbox..", "io.chatpass.server.vendor..", "io.chatpass.server.vendors..")
                .check(classes);
    }

    /** Rate limits are policy (buckets on an injected clock); the web layer turns their refusal into a 429. */
    @Test
    void rateLimitsKnowNothingOfHttp() {
        noClasses().that().resideInAPackage("io.chatpass.server.limits..")
                .should().dependOnClassesThat().resideInAnyPackage("io.chatpass.server.web..", "io.javalin..", "org.eclipse.jetty..")
                .check(classes);
    }

    @Test
    void theWidgetsDoNotBorrowFromOneVendorsPackage() {
        noClasses().that().resideInAPackage("io.chatpass.core.identity..")
                .should().dependOnClassesThat().resideInAPackage("io.chatpass.server.vendors..")
                .check(classes);
    }

    /** A vendor is a package: it knows the vendor model and the server's plumbing, never another vendor. */
    @Test
    void aVendorNeverReachesIntoAnotherVendor() {
        slices().matching("io.chatpass.server.vendors.(*)..").should().notDependOnEachOther().check(classes);
    }

    /** Only the registry names vendors: everything else (App, admin, sandbox, demo, CLI) iterates it. */
    @Test
    void onlyTheRegistryKnowsTheVendors() {
        noClasses().that().resideOutsideOfPackage("io.chatpass.server.vendors..")
                .should().dependOnClassesThat().resideInAPackage("io.chatpass.server.vendors.*..")
                .check(classes);
    }

    /** The vendor model (the SPI) is what vendors implement; it names none of them. */
    @Test
    void theVendorModelNamesNoVendor() {
        noClasses().that().resideInAPackage("io.chatpass.server.vendor..")
                .should().dependOnClassesThat().resideInAPackage("io.chatpass.server.vendors..")
                .check(classes);
    }

    @Test
    void theDemoDoesNotDependOnTheCommandLine() {
        noClasses().that().resideInAPackage("io.chatpass.server.demo..")
                .should().dependOnClassesThat().resideInAPackage("io.chatpass.server.cli..")
                .check(classes);
    }
}
