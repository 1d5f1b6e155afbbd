package it.certmail.pec.index.service;

import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.index.domain.LocalDomains;
import it.certmail.pec.index.domain.ProviderIndex;
import it.certmail.pec.index.domain.ProviderRecord;
import it.certmail.pec.index.domain.SigningCertificate;
import it.certmail.pec.index.infra.JpaProviderIndex;
import it.certmail.pec.index.infra.LdifProblem;
import it.certmail.pec.index.infra.LdifReadResult;
import it.certmail.pec.index.infra.ProviderImportResult;
import it.certmail.pec.index.infra.ProviderLdif;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.platform.service.ProviderKeys;

/**
 * The local copy of the providers' index (IGPEC, RFC 6109 §4.5): our own record, and the records of other
 * providers imported from LDIF. Each method is one transaction.
 */
@Stateless
public class ProviderIndexService {

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    PlatformSettings settings;

    @Inject
    ProviderKeys keys;

    @Inject
    Clock clock;

    @Inject
    LocalDomains localDomains;

    /** A view of the index inside the caller's transaction. */
    public ProviderIndex index() {
        return new JpaProviderIndex(em);
    }

    /**
     * This provider's record, as published in its LDIF: service mailbox, signing certificate, and as managed
     * domains {@code pec.domain} plus every local mail domain.
     */
    public ProviderRecord ownRecord() {
        try {
            SigningCertificate certificate = SigningCertificate.of(keys.material().signing().certificate().getEncoded());
            Set<String> domains = new TreeSet<>(localDomains.names());
            domains.add(settings.domain());
            return ProviderRecord.of(settings.providerName(), null, settings.serviceAddress(),
                    domains, List.of(certificate), null, null);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("our signing certificate cannot be encoded", e);
        }
    }

    public String ownRecordLdif() {
        return new ProviderLdif().write(ownRecord());
    }

    /** Puts our own record in the index, so that our own receipts verify like anyone else's. */
    public void publishOwnRecord() {
        new JpaProviderIndex(em).importRecords(List.of(ownRecord()), clock.instant());
    }

    /**
     * Imports other providers' records. Entries that are malformed, or that claim our own name, domains or certificate, are
     * skipped and reported: the index decides whose signatures are trusted, so it must not be hijacked.
     */
    public ImportOutcome importLdif(String ldif) {
        LdifReadResult read = new ProviderLdif().read(ldif);
        List<LdifProblem> problems = new ArrayList<>(read.problems());
        ProviderRecord own = ownRecord();
        List<ProviderRecord> accepted = new ArrayList<>();
        for (ProviderRecord r : read.records()) {
            if (r.name().equalsIgnoreCase(own.name()) && r.providerUnit() == null) {
                problems.add(new LdifProblem(ProviderLdif.dnOf(r).toString(), "this is our own provider name"));
            } else if (r.managedDomains().stream().anyMatch(own::managesDomain)) {
                problems.add(new LdifProblem(ProviderLdif.dnOf(r).toString(), "claims a domain this provider manages"));
            } else if (r.certificateHashes().stream().anyMatch(own.certificateHashes()::contains)) {
                // importing it would move our signing certificate to that record: our receipts would be theirs
                problems.add(new LdifProblem(ProviderLdif.dnOf(r).toString(),
                        "claims this provider's signing certificate"));
            } else {
                accepted.add(r);
            }
        }
        ProviderImportResult result = accepted.isEmpty() ? new ProviderImportResult(0, 0)
                : new JpaProviderIndex(em).importRecords(accepted, clock.instant());
        return new ImportOutcome(result.inserted(), result.updated(),
                accepted.stream().map(ProviderRecord::name).toList(), List.copyOf(problems));
    }

    public List<ProviderRecord> all() {
        return new JpaProviderIndex(em).all();
    }

    /** What an import did: counts, the names imported, and every entry skipped with its reason. */
    public record ImportOutcome(int inserted, int updated, List<String> providers, List<LdifProblem> problems) {
    }
}
