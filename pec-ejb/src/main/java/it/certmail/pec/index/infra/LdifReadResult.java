package it.certmail.pec.index.infra;

import java.util.List;

import it.certmail.pec.index.domain.ProviderRecord;

/**
 * Esito della lettura di un LDIF dell'indice dei gestori: the valid provider records, in file order, and
 * one problem per skipped entry.
 *
 * @param records                  valid records; no two share (name, providerUnit), a domain or a hash
 * @param problems                 skipped entries; empty when the whole file was accepted
 * @param directoryLdifLocationUrl LDIFLocationURL of the {@code o=postacert} root entry (where the whole
 *                                 directory is published), {@code null} if the file has no root entry
 */
public record LdifReadResult(List<ProviderRecord> records, List<LdifProblem> problems,
        String directoryLdifLocationUrl) {

    public LdifReadResult {
        records = List.copyOf(records);
        problems = List.copyOf(problems);
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }
}
