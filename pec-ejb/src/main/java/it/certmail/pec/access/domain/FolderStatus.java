package it.certmail.pec.access.domain;

/** Stato della cartella: the counters IMAP clients synchronise on (RFC 3501 STATUS, RFC 7162 HIGHESTMODSEQ). */
public record FolderStatus(String name, long uidValidity, long uidNext, long highestModseq, long messages,
        long unseen, long sizeBytes) {
}
