package it.certmail.pec.blob.model;

import java.time.OffsetDateTime;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * Contenuto di un messaggio: the header row of a content-addressed blob (SHA-256, size, reference count).
 *
 * <p>Read-only for JPA: rows and their chunks are written by {@code blob.infra.BlobStore} over JDBC, which
 * draws ids from {@code message_blob_seq} one at a time; hence no generator here, and no shared cache (the
 * reference count changes behind JPA's back). Stored messages take a reference with a bound native UPDATE
 * ({@code mailbox.infra.JpaMessageStore}).
 */
@Entity
@Cacheable(false)
@Table(name = "message_blob")
@NamedQuery(name = MessageBlob.FIND_BY_SHA256, query = "SELECT b FROM MessageBlob b WHERE b.sha256 = :sha256")
public class MessageBlob {

    /** Parameter {@code sha256}: lower-case hex. */
    public static final String FIND_BY_SHA256 = "MessageBlob.findBySha256";

    /** Largest {@code message_blob_chunk.data} value. */
    public static final int CHUNK_BYTES = 1 << 20;

    @Id
    private Long id;

    @Column(name = "sha256", nullable = false, unique = true, length = 64, insertable = false, updatable = false)
    private String sha256;

    @Column(name = "size_bytes", nullable = false, insertable = false, updatable = false)
    private long sizeBytes;

    @Column(name = "chunk_count", nullable = false, insertable = false, updatable = false)
    private int chunkCount;

    @Column(name = "ref_count", nullable = false, insertable = false, updatable = false)
    private int refCount;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    private OffsetDateTime createdAt;

    protected MessageBlob() {
        // for JPA
    }

    public Long getId() {
        return id;
    }

    /** Lower-case hex SHA-256 of the bytes. */
    public String getSha256() {
        return sha256;
    }

    public long getSizeBytes() {
        return sizeBytes;
    }

    public int getChunkCount() {
        return chunkCount;
    }

    public int getRefCount() {
        return refCount;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }
}
