package it.certmail.pec.blob.domain;

/** How a message placed in a folder holds its blob ({@code blob.infra.BlobStore}'s {@code ref_count}). */
public enum BlobReference {
    /** A reference of its own, taken now; the caller keeps (and later releases) its own. */
    NEW,
    /** The caller's reference, handed over: the caller no longer holds it and must not release it. */
    CALLERS
}
