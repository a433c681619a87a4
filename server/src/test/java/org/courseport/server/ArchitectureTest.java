package org.courseport.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture of docs/architecture.md, pinned: the domain stays free of transports, storage
 * and generated types; {@code transcoding} knows only the contracts; no two packages depend on each
 * other. The main code of {@code server} and {@code transcoding} (both on this class path) is
 * analysed; tests may cross any line.
 *
 * <p>Plain JUnit tests over one import (rather than {@code @ArchTest} fields) so that surefire's
 * {@code -Dtest=ArchitectureTest} selects and runs them like any other test.
 */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.courseport.server", "org.courseport.transcoding");
  }

  @Test
  void domain_dependsOnNoTransportStorageOrGeneratedTypes() {
    noClasses()
        .that()
        .resideInAPackage("org.courseport.server.domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.grpc..",
            "com.linecorp.armeria..",
            "org.bson..",
            "com.mongodb..",
            "org.courseport.api..",
            "com.google.protobuf..")
        .because(
            "the domain is used and tested without gRPC, Armeria, BSON, MongoDB or generated"
                + " protos and their runtime (docs/architecture.md)")
        .check(classes);
  }

  @Test
  void transcoding_dependsOnlyOnTheContracts() {
    noClasses()
        .that()
        .resideInAPackage("org.courseport.transcoding..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.courseport.server..")
        .because("transcoding can run as a separate gateway in front of remote gRPC servers")
        .check(classes);
  }

  @Test
  void grpcHelpers_doNotCallBackIntoTheServiceAdapter() {
    // The per-concern RPC classes (ConfigurationRpcs, FileRpcs, ...) sit below the adapter that
    // composes them: a call back up would be a class-level cycle inside one package.
    noClasses()
        .that()
        .resideInAPackage("org.courseport.server.grpc.course")
        .and()
        .doNotHaveSimpleName("CourseGrpcService")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.courseport.server.grpc.course.CourseGrpcService")
        .check(classes);
  }

  @Test
  void transcoding_isAnalysed() {
    // Guards the two rules above against an import that silently finds nothing.
    org.assertj.core.api.Assertions.assertThat(
            classes.containPackage("org.courseport.transcoding")
                && classes.containPackage("org.courseport.server.domain.course"))
        .isTrue();
  }

  @Test
  void packages_formNoCycles() {
    slices()
        .matching("org.courseport.(**)")
        .namingSlices("$1")
        .should()
        .beFreeOfCycles()
        .check(classes);
  }
}
