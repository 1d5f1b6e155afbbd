package it.certmail.pec.index.infra;

/**
 * Problema in un file LDIF dell'indice dei gestori: one entry that was skipped, and why.
 *
 * @param dn      the entry's DN as written, or {@code null} when the entry could not be parsed far enough
 * @param message what is wrong (for syntax errors, with the LDIF line number)
 */
public record LdifProblem(String dn, String message) {
}
