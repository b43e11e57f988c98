package dev.parley.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The core is plain Java: no framework, no JDBC, no network stack, and nothing of the server. */
class CoreBoundaryTest {

    private final JavaClasses core = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.parley.core");

    @Test
    void coreDependsOnNoFrameworkDatabaseOrNetworkLibrary() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "java.sql..",
                        "javax.sql..",
                        "io.netty..",
                        "reactor..",
                        "tools.jackson..",
                        "com.fasterxml..",
                        "dev.parley.server..")
                .check(core);
    }

    @Test
    void featuresOfTheCoreDoNotReachIntoTheServer() {
        noClasses()
                .that()
                .resideInAPackage("dev.parley.core..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.parley.server..")
                .check(core);
    }
}
