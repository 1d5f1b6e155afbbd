package it.certmail.pec.mailbox.infra;

/** How a message placed in a folder holds its blob ({@link BlobStore}'s {@code ref_count}). */
public enum BlobReference {
    /** A reference of its own, taken now; the caller keeps (and later releases) its own. */
    NEW,
    /** The caller's reference, handed over: the caller no longer holds it and must not release it. */
    CALLERS
}
