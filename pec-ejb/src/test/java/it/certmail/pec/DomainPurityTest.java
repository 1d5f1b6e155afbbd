package it.certmail.pec;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Layering, checked on the bytecode (ArchUnit): the pure domain of every context ({@code *.domain}) runs without a
 * container and without a database, so it imports no container API (EJB, CDI, injection, JAX-RS, Faces, Servlet)
 * and no persistence API (JPA, JDBC: the project keeps JDBC in {@code *.infra}). The transport core
 * ({@code transport.core}: the points as plain classes over ports) is held to the same rules, and also imports no
 * transaction API and none of the services it is adapted to: the EJBs call it, never the other way round.
 */
class DomainPurityTest {

    private static final String TRANSPORT_CORE = "it.certmail.pec.transport.core..";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("it.certmail.pec");
    }

    @Test
    void domainPackagesShouldImportNoContainerApi() {
        noClasses().that().resideInAPackage("it.certmail.pec..domain..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ejb..", "jakarta.inject..",
                        "jakarta.enterprise..", "jakarta.ws..", "jakarta.faces..", "jakarta.servlet..",
                        "javax.ejb..", "javax.inject..", "javax.enterprise..", "javax.ws..", "javax.faces..",
                        "javax.servlet..")
                .because("the domain is plain Java, tested without a container (architecture.md §8)")
                .check(classes);
    }

    @Test
    void theTransportCoreShouldImportNoContainerPersistenceOrTransactionApi() {
        noClasses().that().resideInAPackage(TRANSPORT_CORE)
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ejb..", "jakarta.inject..",
                        "jakarta.enterprise..", "jakarta.annotation..", "jakarta.transaction..",
                        "jakarta.persistence..", "jakarta.ws..", "jakarta.faces..", "jakarta.servlet..",
                        "javax.ejb..", "javax.inject..", "javax.enterprise..", "javax.transaction..",
                        "javax.persistence..", "java.sql..", "javax.sql..")
                .because("the transport core runs and is tested without a container (architecture.md §8)")
                .check(classes);
    }

    @Test
    void theTransportCoreShouldNotCallTheServicesItIsAdaptedTo() {
        noClasses().that().resideInAPackage(TRANSPORT_CORE)
                .should().dependOnClassesThat().resideInAPackage("it.certmail.pec..service..")
                .because("the core reaches the services only through its ports; the EJBs are its shells")
                .check(classes);
    }

    @Test
    void domainPackagesShouldImportNoPersistenceApi() {
        noClasses().that().resideInAPackage("it.certmail.pec..domain..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "javax.persistence..",
                        "java.sql..", "javax.sql..")
                .because("persistence lives in *.infra (JPA and JDBC adapters) and *.model (entities)")
                .check(classes);
    }
}
