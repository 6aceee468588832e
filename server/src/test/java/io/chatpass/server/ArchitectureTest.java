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
 * feature package depends on another in a cycle, configuration does not reach into the web layer, and the widgets do
 * not borrow from one vendor's package.
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
                        "io.chatpass.server.config..", "io.chatpass.server.demo..", "io.chatpass.server.livechat..",
                        "io.chatpass.server.login..", "io.chatpass.server.sandbox..", "io.chatpass.server.widgets..",
                        "io.chatpass.server.zendesk..")
                .check(classes);
    }

    @Test
    void theWidgetsDoNotBorrowFromOneVendorsPackage() {
        noClasses().that().resideInAPackage("io.chatpass.core.widgets..")
                .should().dependOnClassesThat().resideInAnyPackage("io.chatpass.core.zendesk..", "io.chatpass.core.livechat..")
                .check(classes);
    }

    @Test
    void theDemoDoesNotDependOnTheCommandLine() {
        noClasses().that().resideInAPackage("io.chatpass.server.demo..")
                .should().dependOnClassesThat().resideInAPackage("io.chatpass.server.cli..")
                .check(classes);
    }
}
