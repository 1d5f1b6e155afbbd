package it.certmail.pec.web;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Dependencies between contexts (the top-level packages under {@code it.certmail.pec}), checked on the bytecode of
 * every module (pec-web sees pec-jpa, pec-ejb and pec-batch). Each rule here holds; docs/layering.md says how the
 * cycles were broken.
 */
class ContextDependenciesTest {

    private static final String PEC = "it.certmail.pec.";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("it.certmail.pec");
    }

    private static String[] contexts(String... names) {
        String[] packages = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            packages[i] = PEC + names[i] + "..";
        }
        return packages;
    }

    /** Billing lives inside the mailbox context ({@code mailbox.billing}): it and the lifecycle change together. */
    @Test
    void contextsShouldBeFreeOfCycles() {
        slices().matching(PEC + "(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void platformShouldBeASharedKernelThatReachesIntoNoContext() {
        // the start-up that wires every context together is the composition root in it.certmail.pec.startup
        noClasses().that().resideInAPackage(PEC + "platform..")
                .should().dependOnClassesThat().resideInAnyPackage(contexts("access", "index", "log",
                        "mailbox", "operator", "receipts", "transport", "startup", "web", "batch"))
                .check(classes);
    }

    @Test
    void noContextShouldDependOnTheStartUp() {
        noClasses().that().resideOutsideOfPackage(PEC + "startup..")
                .should().dependOnClassesThat().resideInAPackage(PEC + "startup..")
                .check(classes);
    }

    @Test
    void theLogShouldNotReachIntoTheTransport() {
        noClasses().that().resideInAPackage(PEC + "log..")
                .should().dependOnClassesThat().resideInAPackage(PEC + "transport..")
                .check(classes);
    }

    @Test
    void theProviderIndexShouldNotReadTheMailboxContext() {
        noClasses().that().resideInAPackage(PEC + "index..")
                .should().dependOnClassesThat().resideInAPackage(PEC + "mailbox..")
                .check(classes);
    }

    @Test
    void theBackEndShouldNotDependOnTheWebOrTheJobs() {
        noClasses().that().resideOutsideOfPackages(PEC + "web..", PEC + "batch..")
                .should().dependOnClassesThat().resideInAnyPackage(PEC + "web..", PEC + "batch..")
                .check(classes);
    }

    /** The console, the jobs REST resource and the metrics use pec-ejb's jobs port ({@code jobs.service.Jobs}). */
    @Test
    void theWebShouldNotUseTheJobsInternals() {
        noClasses().that().resideInAPackage(PEC + "web..")
                .should().dependOnClassesThat().resideInAPackage(PEC + "batch..")
                .check(classes);
    }

    @Test
    void theJobsShouldNotDependOnTheWeb() {
        noClasses().that().resideInAPackage(PEC + "batch..")
                .should().dependOnClassesThat().resideInAPackage(PEC + "web..")
                .check(classes);
    }

    /** The transport holds blobs through the blob store of it.certmail.pec.blob, not the mailbox's. */
    @Test
    void theTransportShouldNotReachIntoTheMailboxInfrastructure() {
        noClasses().that().resideInAPackage(PEC + "transport..")
                .should().dependOnClassesThat().resideInAPackage(PEC + "mailbox.infra..")
                .check(classes);
    }

    /** Every context stores message bytes in the blob store; it serves them all and knows none. */
    @Test
    void theBlobStoreShouldReachIntoNoContext() {
        noClasses().that().resideInAPackage(PEC + "blob..")
                .should().dependOnClassesThat().resideInAnyPackage(contexts("access", "documents",
                        "index", "jobs", "log", "mailbox", "operator", "receipts", "transport",
                        "webmail", "startup", "web", "batch"))
                .check(classes);
    }
}
